package org.musubi.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the command-line oracles (bcftools, tabix, plink2) that .ci/run installs. */
public final class Tools {
    private Tools() {}

    public static boolean available(String tool) {
        try {
            Process p = new ProcessBuilder("sh", "-c", "command -v " + tool).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Runs a shell command; returns stdout lines; fails with stderr on a non-zero exit. */
    public static List<String> sh(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "-o", "pipefail", "-c", command).start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("command failed (" + p.exitValue() + "): " + command + "\n"
                    + new String(err, StandardCharsets.UTF_8));
        }
        List<String> lines = new ArrayList<>(List.of(new String(out, StandardCharsets.UTF_8).split("\n")));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }
}
