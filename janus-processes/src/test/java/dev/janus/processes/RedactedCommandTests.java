package dev.janus.processes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

class RedactedCommandTests {

    @Test
    void showsAPlainCommandAsItIs() {
        assertThat(RedactedCommand.of(List.of("npx", "-y", "@modelcontextprotocol/server-filesystem", "/srv/shared")))
                .isEqualTo("npx -y @modelcontextprotocol/server-filesystem /srv/shared");
    }

    @Test
    void hidesTheValuesOfArgumentsNamedLikeSecrets() {
        assertThat(RedactedCommand.of(List.of("server", "--api-key=sk-live", "--token", "abc", "--verbose",
                "DB_PASSWORD=hunter2", "Authorization: Bearer abc")))
                .isEqualTo("server --api-key=*** --token *** --verbose DB_PASSWORD=*** Authorization: ***");
    }

    @Test
    void hidesTheUserInformationOfUrls() {
        assertThat(RedactedCommand.of(List.of("client", "https://ada:s3cret@example.com/path?x=1")))
                .isEqualTo("client https://***@example.com/path?x=1");
    }

    @Test
    void hidesWhatLooksLikeAKeyButNotNamesAndPaths() {
        assertThat(RedactedCommand.of(List.of("tool", "sk-proj-4f9a8B2c7D1e0F3a9b8C", "0af7651916cd43dd8448eb211c80319c",
                "dev.janus.tools.mcp.McpTestServers", "/usr/lib/jvm/temurin-17/bin/java", "server-filesystem")))
                .isEqualTo("tool *** *** dev.janus.tools.mcp.McpTestServers /usr/lib/jvm/temurin-17/bin/java "
                        + "server-filesystem");
    }

    @Test
    void shortensLongArgumentsAndLines() {
        String classpath = "/a.jar:".repeat(100);
        String shown = RedactedCommand.of(List.of("java", "-cp", classpath, "Main"));
        assertThat(shown).startsWith("java -cp /a.jar:").contains("… (700 chars)").endsWith(" Main");
        assertThat(RedactedCommand.of(Collections.nCopies(300, "argument"))).hasSizeLessThan(1_050)
                .endsWith("… (2699 chars)");
    }
}
