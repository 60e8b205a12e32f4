package org.musubi.stats;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.musubi.testing.Fixtures;

/**
 * The glow GWAS fixture (engine/src/test/resources/data/glow/gwas, see its README): 2504 1000
 * Genomes samples × 13 rare variants, 6 covariates, simulated traits, and PLINK 2's {@code --glm}
 * outputs on them. Genotypes come from {@code plink2 --export A}, which counts the REF allele; they
 * are flipped here to A1 (the allele of the .glm files) so dosages are A1 counts.
 */
final class GlowGwasFixture {
    static final String DIR = "data/glow/gwas/";

    final int sampleCount;
    final int covariateCount;
    final double[] covariatesColMajor;
    final String[] variantIds;
    /** A1 dosages, one array of n per variant. */
    final double[][] a1Dosages;

    private static GlowGwasFixture cached;

    private GlowGwasFixture(int n, int c, double[] cov, String[] ids, double[][] dos) {
        this.sampleCount = n;
        this.covariateCount = c;
        this.covariatesColMajor = cov;
        this.variantIds = ids;
        this.a1Dosages = dos;
    }

    static synchronized GlowGwasFixture load() {
        if (cached == null) {
            cached = read();
        }
        return cached;
    }

    private static GlowGwasFixture read() {
        final Table cov = Table.read(DIR + "covariates.tsv", "\t");
        final int n = cov.rows.size();
        final int c = cov.header.length - 1;
        final double[] covariates = new double[n * c];
        for (int j = 0; j < c; j++) {
            for (int i = 0; i < n; i++) {
                covariates[i + j * n] = Double.parseDouble(cov.rows.get(i)[j + 1]);
            }
        }
        final Table raw = Table.read(DIR + "glow_genotypes.raw", "\t");
        final Table linear = Table.read(DIR + "gwas_glow.Continuous_Trait_1.glm.linear", "\t");
        final Map<String, String> a1ById = new HashMap<>();
        for (String[] row : linear.rows) {
            a1ById.put(row[linear.col("ID")], row[linear.col("A1")]);
        }
        final int firstVariantCol = 6;
        final int v = raw.header.length - firstVariantCol;
        final String[] ids = new String[v];
        final double[][] dosages = new double[v][n];
        for (int j = 0; j < v; j++) {
            final String name = raw.header[firstVariantCol + j];
            final int us = name.lastIndexOf('_');
            ids[j] = name.substring(0, us);
            final String counted = name.substring(us + 1);
            final boolean flip = !counted.equals(a1ById.get(ids[j]));
            for (int i = 0; i < n; i++) {
                final String s = raw.rows.get(i)[firstVariantCol + j];
                final double d = s.equals("NA") ? Double.NaN : Double.parseDouble(s);
                dosages[j][i] = flip ? 2.0 - d : d;
            }
        }
        for (int i = 0; i < n; i++) {
            if (!raw.rows.get(i)[1].equals(cov.rows.get(i)[0])) {
                throw new IllegalStateException("sample order differs at row " + i);
            }
        }
        return new GlowGwasFixture(n, c, covariates, ids, dosages);
    }

    /** Columns {@code names} of a phenotype file, n×m column-major, in the covariates' sample order. */
    double[] phenotypes(String file, String... names) {
        final Table t = Table.read(DIR + file, "\t");
        final double[] out = new double[sampleCount * names.length];
        for (int j = 0; j < names.length; j++) {
            final int col = t.col(names[j]);
            for (int i = 0; i < sampleCount; i++) {
                out[i + j * sampleCount] = Double.parseDouble(t.rows.get(i)[col]);
            }
        }
        return out;
    }

    /** A whitespace/tab table with a header line (a leading '#' is dropped from the header). */
    static final class Table {
        final String[] header;
        final List<String[]> rows;

        private Table(String[] header, List<String[]> rows) {
            this.header = header;
            this.rows = rows;
        }

        static Table read(String resource, String sep) {
            final Path p = Fixtures.resource(resource);
            try {
                final List<String> lines = Files.readAllLines(p);
                String h = lines.get(0);
                if (h.startsWith("#")) {
                    h = h.substring(1);
                }
                final List<String[]> rows = new ArrayList<>();
                for (String line : lines.subList(1, lines.size())) {
                    if (!line.isEmpty()) {
                        rows.add(line.split(sep, -1));
                    }
                }
                return new Table(h.split(sep, -1), rows);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        int col(String name) {
            for (int j = 0; j < header.length; j++) {
                if (header[j].equals(name)) {
                    return j;
                }
            }
            throw new IllegalArgumentException("no column " + name);
        }

        /** The rows whose {@code TEST} column is {@code ADD}, keyed by ID. */
        Map<String, String[]> addRowsById() {
            final Map<String, String[]> out = new HashMap<>();
            final int test = col("TEST");
            final int id = col("ID");
            for (String[] r : rows) {
                if (r[test].equals("ADD")) {
                    out.put(r[id], r);
                }
            }
            return out;
        }
    }
}
