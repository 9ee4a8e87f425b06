package dev.janus.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The processor the figures were taken on, from Linux's {@code /proc/cpuinfo}: its model and which of the vector
 * extensions that decide MiniLM's speed it has. The same machine type has run on hosts whose embeddings differed six
 * to sevenfold (with and without AVX-512's int8 dot products), so a figure means little without this.
 */
public final class Processor {

    /** The extensions named, in this order, when present: wider vectors, and int8 dot products for quantized models. */
    private static final List<String> EXTENSIONS = List.of("avx2", "fma", "avx512f", "avx512_vnni", "avx_vnni",
            "amx_int8");

    private static final String DESCRIPTION = read();

    private Processor() {
    }

    /** Such as "AMD EPYC; avx2 fma", or "unknown processor" where {@code /proc/cpuinfo} cannot be read. */
    public static String describe() {
        return DESCRIPTION;
    }

    private static String read() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            String model = field(lines, "model name");
            Set<String> flags = Set.copyOf(Arrays.asList(field(lines, "flags").split("\\s+")));
            String present = EXTENSIONS.stream().filter(flags::contains).collect(Collectors.joining(" "));
            return (model.isEmpty() ? "unknown model" : model) + "; " + (present.isEmpty() ? "no AVX2" : present);
        }
        catch (IOException | RuntimeException e) {
            return "unknown processor";
        }
    }

    private static String field(List<String> lines, String name) {
        return lines.stream().filter(line -> line.startsWith(name)).findFirst()
                .map(line -> line.substring(line.indexOf(':') + 1).trim()).orElse("");
    }
}
