package org.musubi.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Per-ALT counts from {@code bcftools +fill-tags -t AN,AC,AC_Hom,AC_Het} outputs: either the project's query TSV
 * ({@code CHROM POS ID REF ALT AN AC AF AC_Hom AC_Het HWE}) or a VCF with those INFO tags. Multi-allelic records
 * are expanded into one entry per ALT, keyed {@code chrom:pos:ref:alt}.
 */
public final class FillTagsOracle {
    private FillTagsOracle() {}

    /** Counts of one ALT allele: AN, AC, AC_Hom (ALT alleles in hom-ALT genotypes), AC_Het. */
    public record Counts(long an, long ac, long acHom, long acHet) {}

    public static String key(String chrom, int pos, String ref, String alt) {
        return chrom + ":" + pos + ":" + ref + ":" + alt;
    }

    public static Map<String, Counts> readTsv(Path tsv) throws IOException {
        Map<String, Counts> out = new LinkedHashMap<>();
        for (String l : Files.readAllLines(tsv)) {
            if (l.startsWith("#") || l.isBlank()) {
                continue;
            }
            String[] f = l.split("\t", -1);
            String[] alts = f[4].split(",");
            String[] ac = f[6].split(",");
            String[] hom = f[8].split(",");
            String[] het = f[9].split(",");
            for (int j = 0; j < alts.length; j++) {
                out.put(
                        key(f[0], Integer.parseInt(f[1]), f[3], alts[j]),
                        new Counts(num(f[5]), num(ac[j]), num(hom[j]), num(het[j])));
            }
        }
        return out;
    }

    public static Map<String, Counts> readVcf(Path vcf) throws IOException {
        Map<String, Counts> out = new LinkedHashMap<>();
        try (InputStream raw = Files.newInputStream(vcf);
                InputStream in = vcf.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String l;
            while ((l = r.readLine()) != null) {
                if (l.startsWith("#") || l.isBlank()) {
                    continue;
                }
                String[] f = l.split("\t", -1);
                Map<String, String> info = new LinkedHashMap<>();
                for (String kv : f[7].split(";")) {
                    int eq = kv.indexOf('=');
                    info.put(eq < 0 ? kv : kv.substring(0, eq), eq < 0 ? "" : kv.substring(eq + 1));
                }
                String[] alts = f[4].split(",");
                boolean repeat = false;
                for (String alt : alts) {
                    repeat |= out.containsKey(key(f[0], Integer.parseInt(f[1]), f[3], alt));
                }
                if (repeat) {
                    continue; // Musubi quarantines a record that repeats a variant, all its ALTs with it
                }
                String[] ac = info.getOrDefault("AC", "0").split(",");
                String[] hom = info.getOrDefault("AC_Hom", "0").split(",");
                String[] het = info.getOrDefault("AC_Het", "0").split(",");
                for (int j = 0; j < alts.length; j++) {
                    out.put(
                            key(f[0], Integer.parseInt(f[1]), f[3], alts[j]),
                            new Counts(
                                    num(info.getOrDefault("AN", "0")),
                                    num(pick(ac, j)),
                                    num(pick(hom, j)),
                                    num(pick(het, j))));
                }
            }
        }
        return out;
    }

    /** Records that repeat a variant (chrom, pos, ref, alt) of an earlier record. */
    public static int repeatedRecords(Path vcf) throws IOException {
        java.util.Set<String> seen = new java.util.HashSet<>();
        int repeats = 0;
        for (String l : Files.readAllLines(vcf)) {
            if (l.startsWith("#") || l.isBlank()) {
                continue;
            }
            String[] f = l.split("\t", -1);
            boolean repeat = false;
            for (String alt : f[4].split(",")) {
                repeat |= !seen.add(key(f[0], Integer.parseInt(f[1]), f[3], alt));
            }
            repeats += repeat ? 1 : 0;
        }
        return repeats;
    }

    private static String pick(String[] a, int j) {
        return j < a.length ? a[j] : a[a.length - 1];
    }

    private static long num(String s) {
        return s.equals(".") ? 0 : Long.parseLong(s);
    }
}
