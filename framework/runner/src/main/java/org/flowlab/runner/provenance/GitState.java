package org.flowlab.runner.provenance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The git commit the running code was built from, and whether the work tree had uncommitted changes.
 * Looked up at run time from the repository that contains the code's jar or classes (a FlowLab checkout
 * runs its own build), falling back to the working folder; {@code FLOWLAB_GIT_COMMIT} overrides both for
 * environments without a {@code .git} (containers, CI artefacts).
 *
 * @param commit "unknown" when there is no repository or no commit yet
 */
public record GitState(String commit, boolean dirty, String repository) {

    static final GitState UNKNOWN = new GitState("unknown", false, "");

    public static GitState detect(Path codeLocation, Path workingFolder) {
        String fromEnvironment = System.getenv("FLOWLAB_GIT_COMMIT");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return new GitState(fromEnvironment.trim(), false, "FLOWLAB_GIT_COMMIT");
        }
        return repositoryOf(codeLocation).or(() -> repositoryOf(workingFolder))
                .map(GitState::read).orElse(UNKNOWN);
    }

    private static Optional<Path> repositoryOf(Path start) {
        for (Path p = start == null ? null : start.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve(".git"))) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static GitState read(Path repository) {
        Optional<String> head = git(repository, "rev-parse", "HEAD");
        if (head.isEmpty()) {
            return new GitState("unknown", false, repository.toString());
        }
        boolean dirty = git(repository, "status", "--porcelain", "--untracked-files=no")
                .map(s -> !s.isBlank()).orElse(false);
        return new GitState(head.get().trim(), dirty, repository.toString());
    }

    private static Optional<String> git(Path repository, String... args) {
        String[] command = new String[args.length + 3];
        command[0] = "git";
        command[1] = "-C";
        command[2] = repository.toString();
        System.arraycopy(args, 0, command, 3, args.length);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(false)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.empty();
            }
            return process.exitValue() == 0 ? Optional.of(new String(out, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // no git installed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
