package dev.janus.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmarks run in a JVM whose heap is fixed and pre-touched: in a JVM with the default, growing heap a profile
 * of the Redis consumer figures showed its lanes spending 40 % of their CPU in the kernel zeroing the pages the heap
 * grew into. {@code java -jar janus-bench.jar} therefore runs itself again with {@link #OPTIONS} (and its own JVM
 * options, which come first, so its heap options win over a user's) unless {@code -XX:+AlwaysPreTouch} was given; to
 * attach a profiler or a debugger, or to choose another heap, give the options yourself so that nothing is
 * relaunched.
 */
final class FixedHeap {

    static final List<String> OPTIONS = List.of("-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch");

    private FixedHeap() {
    }

    /** Whether this JVM was started with a pre-touched heap. */
    static boolean inEffect() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().contains("-XX:+AlwaysPreTouch");
    }

    /** Runs {@code main} with {@code args} in a new JVM with {@link #OPTIONS} and returns its exit status. */
    static int relaunch(Class<?> main, String[] args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(OPTIONS);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        Process benchmarks = new ProcessBuilder(command).inheritIO().start();
        // stopping this JVM (Ctrl-C) stops the benchmarks too, rather than leaving them on the machine's cores
        Runtime.getRuntime().addShutdownHook(new Thread(benchmarks::destroy));
        return benchmarks.waitFor();
    }

    /** The heap this JVM runs with, for the run's header. */
    static String describe() {
        long max = Runtime.getRuntime().maxMemory() >> 20;
        return inEffect() ? "heap " + max + " MiB, fixed and pre-touched" : "heap up to " + max + " MiB, NOT pre-touched";
    }
}
