package dev.janus.app.ops;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The environment docker-compose.yml gives a service, as {@code docker compose} computes it: the image's
 * {@code ENV}, then the service's {@code env_file}s, then its {@code environment} (anchors merged), every
 * {@code ${...}} interpolated from {@code .env} — here {@code .env.example}, with what the deployer must fill in
 * filled by the caller.
 */
final class ComposeEnvironment {

    static final String COMPOSE_FILE = "docker-compose.yml";
    static final String ENV_EXAMPLE = ".env.example";

    private final Map<String, Object> services;
    private final Map<String, String> dotenv;

    /** The compose file with {@code dotenv} standing for {@code .env}. */
    ComposeEnvironment(Map<String, String> dotenv) {
        this.services = DockerComposeTests.map(RepositoryFiles.yaml(COMPOSE_FILE).get("services"));
        this.dotenv = Map.copyOf(dotenv);
    }

    /**
     * The service's environment.
     *
     * @throws ComposeInterpolation.Refused where {@code docker compose} would refuse to start
     */
    Map<String, String> of(ServiceConfig service) {
        Map<String, Object> definition = DockerComposeTests.map(services.get(service.module()));
        Map<String, String> environment = new LinkedHashMap<>(ImageEnvironment.of(service));
        for (String envFile : envFiles(definition)) {
            if (!envFile.equals(".env")) {
                throw new AssertionError(service.module() + " reads env_file " + envFile + ", which this test does "
                        + "not know: only .env (read from " + ENV_EXAMPLE + ")");
            }
            dotenv.forEach((name, value) -> environment.put(name, ComposeInterpolation.interpolate(value, dotenv)));
        }
        DockerComposeTests.map(definition.get("environment")).forEach((name, value) ->
                environment.put(name, ComposeInterpolation.interpolate(String.valueOf(value), dotenv)));
        return environment;
    }

    /** The {@code env_file} entries of a service, in the short ({@code - .env}) or long ({@code - path: .env}) form. */
    static List<String> envFiles(Map<String, Object> service) {
        Object files = service.get("env_file");
        if (files == null) {
            return List.of();
        }
        List<?> entries = files instanceof List<?> list ? list : List.of(files);
        return entries.stream().map(entry -> entry instanceof Map<?, ?> map ? String.valueOf(map.get("path"))
                : String.valueOf(entry)).toList();
    }
}
