package dev.ironclaw4j.guard.sandbox;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Unprivileged namespaces through util-linux, for machines without bubblewrap: {@code unshare} makes new
 * user (the user is root inside, mapped to itself outside), mount, pid, net, ipc, uts and cgroup
 * namespaces, and {@link #SETUP} builds the same view as {@link Bubblewrap} before {@code setsid} gives
 * the child a session of its own and {@code setpriv} drops every capability for good and runs the command. Mounts made here cannot be undone by the child: it
 * has no capabilities, and in any user namespace it creates they are locked.
 */
final class Namespaces implements ProcessSandbox {
  static final String HOME = Bubblewrap.HOME;

  /**
   * Arguments: work dir, HOME, network (none|loopback), setpriv, then pairs {@code r|d|f PATH}
   * (read-only, hidden folder, hidden file), {@code --}, the command. Runs as root of the new user
   * namespace with the child's environment, so it sets its own PATH and IFS first.
   */
  static final String SETUP = """
      set -eu
      IFS=' \t\n'
      child_path=$PATH
      PATH=/usr/sbin:/usr/bin:/sbin:/bin
      work=$1 home=$2 net=$3 setpriv=$4
      shift 4
      cd "$work"
      # every inherited mount becomes read-only
      while read -r _ _ _ _ mp _; do
        mount -n -o remount,bind,ro "$(printf '%b' "$mp")" 2>/dev/null || true
      done < /proc/self/mountinfo
      # private /tmp, /var/tmp, /run, /dev/shm; a /dev with only the harmless devices
      mount -n -t tmpfs -o mode=1777,nosuid,nodev tmpfs /tmp
      mkdir /tmp/.dev
      mount -n -t tmpfs -o mode=0755,nosuid tmpfs /tmp/.dev
      for n in null zero full random urandom tty; do
        touch "/tmp/.dev/$n"
        mount -n --bind "/dev/$n" "/tmp/.dev/$n"
      done
      mkdir /tmp/.dev/shm /tmp/.dev/pts
      ln -s /proc/self/fd /tmp/.dev/fd
      mount -n --move /tmp/.dev /dev
      rmdir /tmp/.dev
      mount -n -t tmpfs -o mode=1777,nosuid,nodev tmpfs /dev/shm
      mount -n -t tmpfs -o mode=1777,nosuid,nodev tmpfs /var/tmp
      mount -n -t tmpfs -o mode=0755,nosuid,nodev tmpfs /run
      # the work dir, writable: bound from the current directory, which /tmp no longer hides
      mkdir -p "$work"
      mount -n -c --bind . "$work"
      mount -n -o remount,bind,rw "$work"
      cd "$work"
      while [ "$1" != -- ]; do
        # a path that is gone now lay under the fresh /tmp or /run: out of sight already
        if [ -e "$2" ] || [ -L "$2" ]; then
          case $1 in
            r) mount -n --bind "$2" "$2"; mount -n -o remount,bind,ro "$2" ;;
            d) mount -n -t tmpfs -o ro,size=4k,mode=0755 tmpfs "$2" ;;
            f) mount -n --bind /dev/null "$2" ;;
          esac
        fi
        shift 2
      done
      shift
      mkdir -p "$home"
      if [ "$net" = loopback ] && command -v ip >/dev/null; then ip link set lo up; fi
      setsid=$(command -v setsid)
      PATH=$child_path
      # a session of its own: no controlling terminal of the server's to read or inject keystrokes into
      exec "$setsid" "$setpriv" --no-new-privs --inh-caps=-all --bounding-set=-all -- "$@"
      """;

  private final Path unshare;
  private final Path setpriv;
  private final SandboxPolicy policy;

  Namespaces(Path unshare, Path setpriv, SandboxPolicy policy) {
    this.unshare = unshare;
    this.setpriv = setpriv;
    this.policy = policy;
  }

  @Override
  public String mechanism() {
    return "namespaces";
  }

  @Override
  public Process start(Spec spec) {
    View view = View.of(policy, spec.workDir());
    Map<String, String> env = ChildEnvironment.of(spec.env(), HOME, policy.secrets());
    return new KillOnDestroy(ProcessSandboxes.launch(argv(view, spec.command(), spec.network()), view.workDir(), env));
  }

  List<String> argv(View view, List<String> command, Network network) {
    List<String> a = new ArrayList<>(List.of(unshare.toString(),
        "--user", "--map-root-user", "--mount", "--propagation", "private", "--pid", "--fork", "--kill-child",
        "--mount-proc", "--net", "--ipc", "--uts", "--cgroup",
        "--", "/bin/sh", "-c", SETUP, "ironclaw4j-sandbox",
        view.workDir().toString(), HOME, network == Network.LOOPBACK ? "loopback" : "none", setpriv.toString()));
    view.readOnly().forEach(p -> a.addAll(List.of("r", p.toString())));
    view.hiddenDirs().forEach(p -> a.addAll(List.of("d", p.toString())));
    view.hiddenFiles().forEach(p -> a.addAll(List.of("f", p.toString())));
    a.add("--");
    a.addAll(command);
    return a;
  }
}
