package org.musubi.stats.wgr;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.musubi.io.plink.BedCodec;

/**
 * REGENIE's example cohort (500 samples × 1000 chr1 variants, test resources {@code data/regenie/}) and the
 * reference step-1 outputs of REGENIE v1.0.6.7 ({@code data/regenie/wgr/}, see its README) for the kernel tests.
 */
final class RegenieExample {
    static final int N = 500;
    static final int M = 1000;

    private RegenieExample() {}

    static byte[] resource(String path) throws IOException {
        try (InputStream in = RegenieExample.class.getResourceAsStream("/data/regenie/" + path)) {
            if (in == null) {
                throw new IOException("missing test resource " + path);
            }
            return in.readAllBytes();
        }
    }

    /** Variant j's ALT dosages (A1 = ALT), n values; the example has no missing calls. */
    static double[][] genotypes() throws IOException {
        byte[] bed = resource("plink/example.bed");
        double[][] g = new double[M][N];
        byte[] gt = new byte[N];
        for (int j = 0; j < M; j++) {
            BedCodec.decode(bed, (int) BedCodec.offset(j, N), N, true, gt);
            for (int i = 0; i < N; i++) {
                if (gt[i] > 2) {
                    throw new IllegalStateException("missing call");
                }
                g[j][i] = gt[i];
            }
        }
        return g;
    }

    /** Columns of a FID IID … file whose rows are samples 1..500 in order; NA as NaN. */
    static List<double[]> columns(String path) throws IOException {
        String[] lines = new String(resource(path), StandardCharsets.UTF_8).split("\n");
        int k = lines[0].trim().split("\\s+").length - 2;
        List<double[]> out = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            out.add(new double[N]);
        }
        for (int li = 1; li <= N; li++) {
            String[] f = lines[li].trim().split("\\s+");
            if (Integer.parseInt(f[1]) != li) {
                throw new IllegalStateException("row order");
            }
            for (int c = 0; c < k; c++) {
                out.get(c)[li - 1] = f[c + 2].equals("NA") ? Double.NaN : Double.parseDouble(f[c + 2]);
            }
        }
        return out;
    }

    /** A reference .loco's row for chromosome {@code chr}, by sample index (header FID_IID = i_i). */
    static double[] locoRow(String path, int chr) throws IOException {
        String[] lines = new String(resource(path), StandardCharsets.UTF_8).split("\n");
        String[] ids = lines[0].trim().split(" ");
        Map<String, Integer> row = new HashMap<>();
        for (int li = 1; li < lines.length; li++) {
            String[] f = lines[li].trim().split(" ");
            row.put(f[0], li);
        }
        String[] f = lines[row.get(Integer.toString(chr))].trim().split(" ");
        double[] out = new double[N];
        for (int c = 1; c < ids.length; c++) {
            int i = Integer.parseInt(ids[c].substring(0, ids[c].indexOf('_'))) - 1;
            out[i] = f[c].equals("NA") ? Double.NaN : Double.parseDouble(f[c]);
        }
        return out;
    }
}
