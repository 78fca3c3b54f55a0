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
 * with the process forking or allocating. So Gust starts {@code /bin/sh -c 'echo $$ > <procs>...;
 * exec "$@"'}: the shell joins every group (memory, pids, ...) and then replaces itself with the
 * real command, which keeps the pid and inherits the membership, as do its children. If a write
 * fails the shell exits non-zero and nothing of the function runs.
 *
 * <p>Cost, measured on the development host (2-vCPU VM, Debian 12, Linux 6.18, cgroup v1, other
 * builds running; {@code LaunchLatencyBench#cgroupJoinCost}): {@code sh -c 'exec true'} takes 2.7
 * ms; with the join 13-17 ms (median; p10 8-11 ms), whether it joins one group or four. The time is
 * the kernel's, not the shell's: the first migration into a cgroup write-locks {@code
 * cgroup_threadgroup_rwsem}, which waits for an RCU grace period; migrations right after it are
 * nearly free. Hosts that launch often can avoid the wait with the cgroup2 mount option {@code
 * favordynmods} (Linux 6.0+) or the boot parameter {@code cgroup_favordynmods=true}, at the cost of
 * slower fork and exit.
 */
final class CgroupJoin {

  static final String SHELL = "/bin/sh";

  private CgroupJoin() {}

  /**
   * {@code command}, run by a shell that first joins the groups whose {@code cgroup.procs} files
   * are given, then sets {@code PWD} as {@link #pwdScript} says.
   */
  static List<String> wrap(List<Path> procsFiles, Map<String, String> env, List<String> command) {
    StringBuilder script = new StringBuilder();
    for (Path procs : procsFiles) {
      // Join the instance's group before exec: the function and its children start inside it.
      script.append("echo $$ > ").append(quote(procs.toString())).append(" && ");
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
