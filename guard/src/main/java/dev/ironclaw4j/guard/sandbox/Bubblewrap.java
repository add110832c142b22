package dev.ironclaw4j.guard.sandbox;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Bubblewrap ({@code bwrap}): new user, pid, net, ipc, uts and cgroup namespaces; the root file system
 * read-only; private {@code /tmp}, {@code /var/tmp}, {@code /run}, {@code /dev} and a {@code /proc} that
 * shows the sandbox's processes only; the work dir writable; hidden folders covered by an empty
 * read-only tmpfs and hidden files by {@code /dev/null}; no capabilities, no new user namespaces (where
 * bwrap supports it), a new session (no terminal injection), killed with the server.
 */
final class Bubblewrap implements ProcessSandbox {
  /** The child's HOME: an empty folder in its private /tmp. */
  static final String HOME = "/tmp/home";

  private final Path bwrap;
  private final boolean disableUserns;
  private final SandboxPolicy policy;

  Bubblewrap(Path bwrap, boolean disableUserns, SandboxPolicy policy) {
    this.bwrap = bwrap;
    this.disableUserns = disableUserns;
    this.policy = policy;
  }

  @Override
  public String mechanism() {
    return "bubblewrap";
  }

  @Override
  public Process start(Spec spec) {
    View view = View.of(policy, spec.workDir());
    Map<String, String> env = ChildEnvironment.of(spec.env(), HOME, policy.secrets());
    return ProcessSandboxes.launch(argv(view, spec.command()), view.workDir(), env);
  }

  List<String> argv(View view, List<String> command) {
    List<String> a = new ArrayList<>(List.of(bwrap.toString(),
        "--die-with-parent", "--new-session", "--unshare-all", "--unshare-user"));
    if (disableUserns) {
      a.add("--disable-userns");
    }
    // --unshare-all includes the network: the child gets its own, with only a loopback of its own,
    // for Network.NONE and Network.LOOPBACK alike (no egress relay yet: see docs/sandbox.md)
    a.addAll(List.of("--cap-drop", "ALL",
        "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc",
        "--tmpfs", "/tmp", "--tmpfs", "/var/tmp", "--tmpfs", "/run", "--dir", HOME));
    String work = view.workDir().toString();
    a.addAll(List.of("--bind", work, work));
    for (Path p : view.readOnly()) {
      a.addAll(List.of("--ro-bind", p.toString(), p.toString()));
    }
    for (Path p : view.hiddenDirs()) {
      a.addAll(List.of("--tmpfs", p.toString(), "--remount-ro", p.toString()));
    }
    for (Path p : view.hiddenFiles()) {
      a.addAll(List.of("--ro-bind", "/dev/null", p.toString()));
    }
    a.addAll(List.of("--chdir", work, "--"));
    a.addAll(command);
    return a;
  }
}
