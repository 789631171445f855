package org.acpmerchant.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * CPU time (utime + stime of {@code /proc/<pid>/stat}, CLK_TCK 100) of a set of processes and all their descendants,
 * chosen by pid or by a regular expression over the command line, never including this JVM. Every {@link #sample()}
 * re-matches, so processes forked inside the window (a PostgreSQL backend per connection) count from birth, and a
 * process that exits counts up to the last sample before its exit. In a JVM it also counts its JIT compiler threads
 * ({@code C1 CompilerThre…}, {@code C2 CompilerThre…}; HotSpot starts and stops them as the queue of methods to compile
 * grows and shrinks), so a window can tell a stack that is still compiling its hot paths from a warm one.
 */
final class ProcessCpu {

    static final long CLK_TCK = 100;

    /**
     * Ticks spent in a window, in total and per top-level matched process (with its descendants), and of those the
     * ticks of the JVMs' JIT compiler threads.
     */
    record Window(long ticks, int processes, Map<String, Long> ticksByRoot, long jitTicks) {}

    private record Key(long pid, long startTime) {}

    private record Stat(long pid, long ppid, long ticks, long startTime, int nice, String comm) {}

    private static final class Tracked {
        long base;
        long last;
        String root;
    }

    private static final Path PROC = Path.of("/proc");

    private final Set<Long> pids;
    private final Pattern pattern;
    private final long self = ProcessHandle.current().pid();
    private final Map<Key, Boolean> matches = new HashMap<>();
    private Map<Key, Tracked> tracked = new LinkedHashMap<>();
    private Map<Key, Tracked> compilers = new HashMap<>();
    private long windowStart;

    /** Either {@code pids} (non-empty) or {@code pattern}. */
    ProcessCpu(Set<Long> pids, Pattern pattern) {
        this.pids = pids;
        this.pattern = pattern;
    }

    static boolean available() {
        return Files.isReadable(PROC.resolve("self/stat"));
    }

    /** Starts a window: the current ticks of every matching process are its baseline. */
    synchronized void start() {
        tracked = new LinkedHashMap<>();
        compilers = new HashMap<>();
        windowStart = uptimeTicks();
        scan(true);
    }

    synchronized void sample() {
        scan(false);
    }

    /** Samples once more and returns the ticks spent since {@link #start()}. */
    synchronized Window stop() {
        scan(false);
        long total = 0;
        Map<String, Long> byRoot = new LinkedHashMap<>();
        for (Tracked t : tracked.values()) {
            long spent = Math.max(0, t.last - t.base);
            total += spent;
            byRoot.merge(t.root, spent, Long::sum);
        }
        long jit = 0;
        for (Tracked t : compilers.values()) {
            jit += Math.max(0, t.last - t.base);
        }
        return new Window(total, tracked.size(), byRoot, jit);
    }

    private void scan(boolean baseline) {
        Map<Long, Stat> all = new HashMap<>();
        Map<Long, List<Long>> children = new HashMap<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC, p -> isNumber(p.getFileName().toString()))) {
            for (Path dir : dirs) {
                Stat stat = stat(dir);
                if (stat != null) {
                    all.put(stat.pid(), stat);
                    children.computeIfAbsent(stat.ppid(), k -> new ArrayList<>()).add(stat.pid());
                }
            }
        } catch (IOException e) {
            return;
        }
        Set<Long> chosen = new HashSet<>();
        Deque<Long> todo = new ArrayDeque<>();
        long now = uptimeTicks();
        for (Stat stat : all.values()) {
            if (stat.pid() != self && matches(stat, now)) {
                todo.add(stat.pid());
            }
        }
        while (!todo.isEmpty()) {
            long pid = todo.poll();
            if (pid != self && chosen.add(pid)) {
                todo.addAll(children.getOrDefault(pid, List.of()));
            }
        }
        matches.keySet().removeIf(k -> !all.containsKey(k.pid()));
        for (long pid : chosen) {
            Stat stat = all.get(pid);
            Tracked t = tracked.get(new Key(pid, stat.startTime()));
            if (t == null) {
                t = new Tracked();
                t.base = base(stat, baseline);
                long root = pid;
                while (chosen.contains(all.get(root).ppid())) {
                    root = all.get(root).ppid();
                }
                t.root = root + " " + abbreviate(commandLine(root));
                tracked.put(new Key(pid, stat.startTime()), t);
            }
            t.last = Math.max(t.last, stat.ticks());
            if ("java".equals(stat.comm())) {
                scanCompilers(pid, baseline);
            }
        }
    }

    /** The JIT compiler threads of one JVM, tracked like processes: one born inside the window counts from birth. */
    private void scanCompilers(long pid, boolean baseline) {
        Path tasks = PROC.resolve(pid + "/task");
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tasks, p -> isNumber(p.getFileName().toString()))) {
            for (Path dir : dirs) {
                Stat thread = stat(dir);
                if (thread == null || !isCompiler(thread.comm())) {
                    continue;
                }
                Tracked t = compilers.computeIfAbsent(new Key(thread.pid(), thread.startTime()), k -> {
                    Tracked first = new Tracked();
                    first.base = base(thread, baseline);
                    return first;
                });
                t.last = Math.max(t.last, thread.ticks());
            }
        } catch (IOException e) {
            // the process is gone: what was seen of it stands
        }
    }

    /** HotSpot's JIT compiler threads, as {@code stat} names them (15 characters at most). */
    private static boolean isCompiler(String comm) {
        return comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre");
    }

    /** Born inside the window: all of its time is the window's. Otherwise it counts from first sight. */
    private long base(Stat stat, boolean baseline) {
        return baseline || stat.startTime() < windowStart ? stat.ticks() : 0;
    }

    /**
     * Whether the process's command line matches, remembered per process. A miss is remembered only for a process at
     * least a second old: one just forked may not have exec'd its program yet (a child of {@code ProcessBuilder} is
     * {@code jspawnhelper} for its first moments), and its command line changes when it does.
     */
    private boolean matches(Stat stat, long nowTicks) {
        if (pids != null) {
            return pids.contains(stat.pid());
        }
        Key key = new Key(stat.pid(), stat.startTime());
        Boolean known = matches.get(key);
        if (known != null) {
            return known;
        }
        String cmd = commandLine(stat.pid());
        boolean match = !cmd.isEmpty() && pattern.matcher(cmd).find();
        if (match || nowTicks - stat.startTime() >= CLK_TCK) {
            matches.put(key, match);
        }
        return match;
    }

    /**
     * pid, ppid, utime + stime, start time, nice and command name from one {@code stat} file (a process's or a
     * thread's); null if it is gone.
     */
    private static Stat stat(Path dir) {
        try {
            String line = Files.readString(dir.resolve("stat"), StandardCharsets.ISO_8859_1);
            String comm = line.substring(line.indexOf('(') + 1, line.lastIndexOf(')'));
            // The command name (field 2) is in parentheses and may itself hold spaces or parentheses.
            String[] f = line.substring(line.lastIndexOf(')') + 2).trim().split(" ");
            // f[0] is field 3 (state): ppid is field 4, utime 14, stime 15, nice 19, starttime 22.
            return new Stat(Long.parseLong(dir.getFileName().toString()), Long.parseLong(f[1]),
                    Long.parseLong(f[11]) + Long.parseLong(f[12]), Long.parseLong(f[19]), Integer.parseInt(f[16]),
                    comm);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The processes matched by the last {@link #sample()}, their descendants included. */
    synchronized Set<Long> matched() {
        Set<Long> pids = new HashSet<>();
        tracked.keySet().forEach(k -> pids.add(k.pid()));
        return pids;
    }

    /** The nice value of a process, or null if it cannot be read. */
    static Integer nice(long pid) {
        Stat stat = stat(PROC.resolve(Long.toString(pid)));
        return stat == null ? null : stat.nice();
    }

    static String commandLine(long pid) {
        try {
            byte[] raw = Files.readAllBytes(PROC.resolve(pid + "/cmdline"));
            for (int i = 0; i < raw.length; i++) {
                if (raw[i] == 0) {
                    raw[i] = ' ';
                }
            }
            return new String(raw, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "";
        }
    }

    private static String abbreviate(String cmd) {
        return cmd.length() <= 90 ? cmd : cmd.substring(0, 87) + "...";
    }

    private static long uptimeTicks() {
        try {
            String up = Files.readString(PROC.resolve("uptime")).trim().split(" ")[0];
            int dot = up.indexOf('.');
            return dot < 0 ? Long.parseLong(up) * CLK_TCK
                    : Long.parseLong(up.substring(0, dot)) * CLK_TCK + Long.parseLong((up.substring(dot + 1) + "00").substring(0, 2));
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static boolean isNumber(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
