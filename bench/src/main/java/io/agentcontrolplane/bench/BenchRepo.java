package io.agentcontrolplane.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * A large repository for the workspace benchmark, built with {@code git fast-import} from a fixed seed: 5,000 commits
 * on {@code main}, each adding 4 files and changing 2 earlier ones, so the head holds 20,000 files (about 70 MB of
 * text) in 100 directories.
 */
final class BenchRepo {
    static final int COMMITS = 5_000;
    static final int FILES_PER_COMMIT = 4;
    static final int FILES = COMMITS * FILES_PER_COMMIT;

    private BenchRepo() {
    }

    /** Creates the bare repository {@code dir} (which must not exist). */
    static void build(Path dir) throws IOException, InterruptedException {
        run(dir.getParent(), "git", "init", "-q", "--bare", "-b", "main", dir.toString());
        Process p = new ProcessBuilder("git", "--git-dir=" + dir, "fast-import", "--quiet")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Random random = new Random(20261124);
        try (OutputStream out = new BufferedOutputStream(p.getOutputStream(), 1 << 20)) {
            long time = 1_700_000_000L;
            for (int c = 0; c < COMMITS; c++) {
                StringBuilder s = new StringBuilder();
                String message = "Commit " + c + ": change " + Long.toHexString(random.nextLong());
                s.append("commit refs/heads/main\n")
                        .append("committer Bench <bench@example.com> ").append(time + c * 60L).append(" +0000\n")
                        .append("data ").append(message.length()).append('\n').append(message).append('\n');
                for (int f = 0; f < FILES_PER_COMMIT; f++) {
                    file(s, c * FILES_PER_COMMIT + f, c, random);
                }
                if (c > 0) {
                    for (int k = 0; k < 2; k++) {
                        file(s, random.nextInt(c * FILES_PER_COMMIT), c, random);
                    }
                }
                out.write(s.toString().getBytes(StandardCharsets.UTF_8));
            }
            out.write("done\n".getBytes(StandardCharsets.UTF_8));
        }
        if (p.waitFor() != 0) {
            throw new IOException("git fast-import failed with exit " + p.exitValue());
        }
    }

    private static void file(StringBuilder s, int n, int commit, Random random) {
        StringBuilder body = new StringBuilder();
        body.append("package bench.m").append(n % 100).append(";\n\n/** File ").append(n).append(", revision ")
                .append(commit).append(". */\npublic final class F").append(n).append(" {\n");
        int lines = 40 + random.nextInt(80);
        for (int i = 0; i < lines; i++) {
            body.append("    static final long V").append(i).append(" = ").append(random.nextLong()).append("L;\n");
        }
        body.append("}\n");
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        s.append("M 100644 inline src/m").append(n % 100).append("/F").append(n).append(".java\n")
                .append("data ").append(bytes.length).append('\n').append(body).append('\n');
    }

    static void run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(command)).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
    }

    static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
