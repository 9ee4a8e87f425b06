package dev.janus.app.ops;

/** The one image name each component has, in docker-compose.yml and in k8s/ alike. */
final class ComposeImages {

    static final String VERSION = "0.1.0-SNAPSHOT";

    private ComposeImages() {
    }

    static String repository(String module) {
        return "janus/" + module;
    }

    static String imageOf(String module) {
        return repository(module) + ":" + VERSION;
    }
}
