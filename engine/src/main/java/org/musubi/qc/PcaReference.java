package org.musubi.qc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.musubi.error.MusubiUserException;

/**
 * Another bank's published PCA for {@code --pca-from DIR}: its {@code pca.eigenval}, {@code pca.eigenvec.allele}
 * (the ALT rows' weights, plink2's allele-weight format) and {@code pca.afreq} (the ALT frequencies the axes were
 * standardised with), as {@link PcaOutput} writes them: aggregates only, no sample of the other bank.
 */
record PcaReference(double[] eigenvalues, Map<String, PcaPass.Reference> variants) {
    int k() {
        return eigenvalues.length;
    }

    static PcaReference read(String dir, Configuration conf) throws IOException {
        List<String> ev = lines(dir, PcaOutput.EIGENVAL, conf);
        double[] lambda = new double[ev.size()];
        for (int i = 0; i < lambda.length; i++) {
            lambda[i] = number(dir, PcaOutput.EIGENVAL, i + 1, ev.get(i));
        }
        Map<String, Double> freq = new HashMap<>();
        List<String> af = lines(dir, PcaOutput.AFREQ, conf);
        for (int i = 1; i < af.size(); i++) {
            String[] f = af.get(i).split("\t");
            if (f.length < 5) {
                throw bad(dir, PcaOutput.AFREQ, i + 1, "expected #CHROM ID REF ALT ALT_FREQS");
            }
            freq.put(f[1], number(dir, PcaOutput.AFREQ, i + 1, f[4]));
        }
        Map<String, PcaPass.Reference> out = new HashMap<>();
        List<String> al = lines(dir, PcaOutput.ALLELE, conf);
        for (int i = 1; i < al.size(); i++) {
            String[] f = al.get(i).split("\t");
            if (f.length != 5 + lambda.length) {
                throw bad(dir, PcaOutput.ALLELE, i + 1, "expected #CHROM ID REF ALT A1 and " + lambda.length + " PCs");
            }
            if (!f[4].equals(f[3])) {
                continue; // the REF row carries the same weights negated
            }
            Double q = freq.get(f[1]);
            if (q == null) {
                throw bad(dir, PcaOutput.ALLELE, i + 1, "variant " + f[1] + " is not in " + PcaOutput.AFREQ);
            }
            double[] c = new double[lambda.length];
            for (int p = 0; p < c.length; p++) {
                c[p] = -2 * number(dir, PcaOutput.ALLELE, i + 1, f[5 + p]);
            }
            out.put(f[1], new PcaPass.Reference(f[2], f[3], q, c));
        }
        if (out.isEmpty() || lambda.length == 0) {
            throw new MusubiUserException("--pca-from " + dir + ": no PCs or no variant weights; point it at a qc"
                    + " output directory made with --steps pca");
        }
        return new PcaReference(lambda, out);
    }

    private static List<String> lines(String dir, String name, Configuration conf) throws IOException {
        Path p = new Path(dir, name);
        FileSystem fs = p.getFileSystem(conf);
        if (!fs.exists(p)) {
            throw new MusubiUserException("--pca-from " + dir + ": no " + name + " there; point it at a qc output"
                    + " directory made with --steps pca");
        }
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(p), StandardCharsets.UTF_8))) {
            String l;
            while ((l = r.readLine()) != null) {
                if (!l.isBlank()) {
                    out.add(l);
                }
            }
        }
        return out;
    }

    private static double number(String dir, String name, int line, String v) {
        try {
            return Double.parseDouble(v.strip());
        } catch (NumberFormatException e) {
            throw bad(dir, name, line, "'" + v + "' is not a number");
        }
    }

    private static MusubiUserException bad(String dir, String name, int line, String what) {
        return new MusubiUserException("--pca-from " + dir + ": " + name + " line " + line + ": " + what);
    }
}
