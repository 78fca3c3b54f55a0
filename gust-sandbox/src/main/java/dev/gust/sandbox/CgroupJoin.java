package dev.gust.sandbox;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Command lines that put a process in its cgroup before it runs anything else.
 *
 * <p>Java cannot run code between fork and exec, and moving the pid in after {@code start()} races
 * with the process forking or allocating. So Gust starts {@code /bin/sh -c 'echo 0 > <file>...;
 * exec "$@"'}: the (single-threaded) shell joins every group (memory, pids, ...) and then replaces
 * itself with the real command, which keeps the pid and inherits the membership, as do its
 * children. If a write fails the shell exits non-zero and nothing of the function runs.
 *
 * <p>Cost, measured on the development host (2-vCPU VM, Debian 12, Linux 6.18, cgroup v1): moving
 * a whole process ({@code echo $$ > cgroup.procs}) write-locks the kernel's {@code
 * cgroup_threadgroup_rwsem}, which waits for an RCU grace period: 13-17 ms when launches are spread
 * out. Moving the writing thread alone through v1's {@code tasks} ({@code echo 0 > tasks}) skips
 * that lock: sh with the join takes 1.9 ms against 1.9 ms without it. On v2 (only {@code
 * cgroup.procs}) the wait remains; the cgroup2 mount option {@code favordynmods} (Linux 6.0+)
 * removes most of it.
 */
final class CgroupJoin {

  static final String SHELL = "/bin/sh";

  private CgroupJoin() {}

  /**
   * {@code command}, run by a shell that first joins the groups whose {@code cgroup.procs} files
   * are given, then sets {@code PWD} as {@link #pwdScript} says.
   */
  static List<String> wrap(List<Path> joinFiles, Map<String, String> env, List<String> command) {
    StringBuilder script = new StringBuilder();
    for (Path procs : joinFiles) {
      // Join the instance's group before exec: the function and its children start inside it.
      script.append("echo 0 > ").append(quote(procs.toString())).append(" && ");
    }
    script.append(pwdScript(env)).append("exec \"$@\"");
    return withScript(script.toString(), command);
  }

  /**
   * {@code command}, run by a shell that only fixes {@code PWD}: bubblewrap and the shell both
   * export {@code PWD}, and the environment must be exactly what was asked for.
   */
  static List<String> exactPwd(Map<String, String> env, List<String> command) {
    return withScript(pwdScript(env) + "exec \"$@\"", command);
  }

  /** {@code unset PWD; } unless the environment sets it, in which case its value is restored. */
  static String pwdScript(Map<String, String> env) {
    return Optional.ofNullable(env.get("PWD"))
        .map(pwd -> "PWD=" + quote(pwd) + "; export PWD; ")
        .orElse("unset PWD; ");
  }

  private static List<String> withScript(String script, List<String> command) {
    List<String> line = new ArrayList<>(command.size() + 4);
    line.add(SHELL);
    line.add("-c");
    line.add(script);
    line.add("sh"); // $0
    line.addAll(command);
    return line;
  }

  /** Single-quotes {@code text} for the shell. */
  static String quote(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }
}
