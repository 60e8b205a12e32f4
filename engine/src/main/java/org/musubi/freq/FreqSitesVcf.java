package org.musubi.freq;

import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.musubi.io.vcf.SitesVcf;
import org.musubi.util.ByteText;

/**
 * What the sites VCFs of freq and freq-merge share ({@code frequencies.sites.vcf.gz}, gnomAD-style INFO keys): the
 * per-stratum and grpmax/fafmax INFO definitions, and the INFO fields of a variant's stratum rows. Each job adds its
 * own header lines and fields around them (freq: HWE; freq-merge: banks, partial cells, heterogeneity).
 */
final class FreqSitesVcf {
    private final int contig;
    private final int pos;
    private final int id;
    private final int ref;
    private final int alt;
    private final int stratumIndex;
    private final int ac;
    private final int an;
    private final int af;
    private final int nhomalt;
    private final int faf95;
    private final int faf99;
    private final int nhemialt;
    private final int grpmax;
    private final int fafmax;
    private final int fafmaxGenAnc;

    /** Reads rows of {@code schema} (freq's {@link FreqTask#SCHEMA}, freq-merge's rows); columns found by name. */
    FreqSitesVcf(StructType schema) {
        contig = schema.fieldIndex("contig");
        pos = schema.fieldIndex("pos");
        id = schema.fieldIndex("id");
        ref = schema.fieldIndex("ref");
        alt = schema.fieldIndex("alt");
        stratumIndex = schema.fieldIndex("stratum_index");
        ac = schema.fieldIndex("ac");
        an = schema.fieldIndex("an");
        af = schema.fieldIndex("af");
        nhomalt = schema.fieldIndex("nhomalt");
        faf95 = schema.fieldIndex("faf95");
        faf99 = schema.fieldIndex("faf99");
        nhemialt = schema.fieldIndex("nhemialt");
        grpmax = schema.fieldIndex("grpmax");
        fafmax = schema.fieldIndex("fafmax_faf95_max");
        fafmaxGenAnc = schema.fieldIndex("fafmax_faf95_max_gen_anc");
    }

    /** The INFO lines of each stratum ({@code who} describes its samples), then those of nhemialt, grpmax, fafmax. */
    static void strataInfo(SitesVcf.Header h, FreqDesign d, Function<FreqDesign.Stratum, String> who) {
        for (FreqDesign.Stratum s : d.strata) {
            String w = who.apply(s);
            String x = s.suffix();
            h.info("AC" + x, "A", "Integer", "Alternate allele count, " + w);
            h.info("AN" + x, "1", "Integer", "Total number of called alleles, " + w);
            h.info("AF" + x, "A", "Float", "Alternate allele frequency, " + w);
            h.info("nhomalt" + x, "A", "Integer", "Homozygous (and hemizygous) alternate individuals, " + w);
            h.info("faf95" + x, "A", "Float", "Filtering allele frequency (95% Poisson CI), " + w);
            h.info("faf99" + x, "A", "Float", "Filtering allele frequency (99% Poisson CI), " + w);
        }
        h.info("nhemialt", "A", "Integer", "Hemizygous alternate individuals (part of nhomalt)");
        h.info("grpmax", "A", "String", "Population with the highest AF");
        h.info("AC_grpmax", "A", "Integer", "AC in the grpmax population");
        h.info("AN_grpmax", "A", "Integer", "AN in the grpmax population");
        h.info("AF_grpmax", "A", "Float", "AF in the grpmax population");
        h.info("nhomalt_grpmax", "A", "Integer", "nhomalt in the grpmax population");
        h.info("fafmax_faf95_max", "A", "Float", "Highest population faf95");
        h.info("fafmax_faf95_max_gen_anc", "A", "String", "Population with the highest faf95");
    }

    /**
     * The line of a variant from its stratum rows (in stratum order), with the fields of {@link #strataInfo}; the
     * caller adds its own fields and ends it.
     */
    SitesVcf.Line line(FreqDesign d, List<Row> g) {
        return line(d, g, new ByteText(2048));
    }

    /** {@link #line}, written into {@code buffer} ({@link SitesVcf.Line#Line(ByteText, String, int, String, String, String)}). */
    SitesVcf.Line line(FreqDesign d, List<Row> g, ByteText buffer) {
        Row all = g.get(0);
        SitesVcf.Line l = new SitesVcf.Line(
                buffer,
                all.getString(contig),
                all.getInt(pos),
                all.isNullAt(id) ? null : all.getString(id),
                all.getString(ref),
                all.getString(alt));
        Keys dk = keys(d);
        String[][] keys = dk.keys();
        for (int k = 0; k < g.size(); k++) {
            Row r = g.get(k);
            if (r.getInt(stratumIndex) != k) {
                throw new IllegalStateException("strata out of order at " + r);
            }
            String[] x = keys[k];
            putLong(l, x[0], r, ac);
            putLong(l, x[1], r, an);
            putFloat(l, x[2], r, af);
            putLong(l, x[3], r, nhomalt);
            putFloat(l, x[4], r, faf95);
            putFloat(l, x[5], r, faf99);
        }
        putLong(l, "nhemialt", all, nhemialt);
        if (!all.isNullAt(grpmax)) {
            Row gm = byName(d, g, all.getString(grpmax));
            l.put("grpmax", dk.key(all.getString(grpmax)));
            putLong(l, "AC_grpmax", gm, ac);
            putLong(l, "AN_grpmax", gm, an);
            putFloat(l, "AF_grpmax", gm, af);
            putLong(l, "nhomalt_grpmax", gm, nhomalt);
        }
        if (!all.isNullAt(fafmax)) {
            l.putFloat("fafmax_faf95_max", all.getDouble(fafmax));
            l.put("fafmax_faf95_max_gen_anc", dk.key(all.getString(fafmaxGenAnc)));
        }
        return l;
    }

    /**
     * The design whose INFO keys {@link #keys} holds, the keys and each stratum name's INFO-key form ({@link
     * FreqDesign#key}); replaced together (one volatile field).
     */
    private record Keys(FreqDesign d, String[][] keys, java.util.Map<String, String> names) {
        String key(String name) {
            String k = names.get(name);
            return k != null ? k : FreqDesign.key(name);
        }
    }

    private volatile Keys keys;

    /** [stratum][AC, AN, AF, nhomalt, faf95, faf99]: the INFO keys of each stratum of {@code d}, made once. */
    private Keys keys(FreqDesign d) {
        Keys k = keys;
        if (k == null || k.d() != d) {
            String[][] t = new String[d.strata.size()][];
            java.util.Map<String, String> names = new java.util.HashMap<>();
            for (int i = 0; i < t.length; i++) {
                String x = d.strata.get(i).suffix();
                t[i] = new String[] {"AC" + x, "AN" + x, "AF" + x, "nhomalt" + x, "faf95" + x, "faf99" + x};
                names.put(d.strata.get(i).name(), FreqDesign.key(d.strata.get(i).name()));
            }
            k = new Keys(d, t, names);
            keys = k;
        }
        return k;
    }

    /** The row of the stratum named {@code name} among a variant's rows (in stratum order), null if none. */
    private static Row byName(FreqDesign d, List<Row> g, String name) {
        Row found = null;
        for (int k = 0; k < g.size(); k++) {
            if (d.strata.get(k).name().equals(name)) {
                found = g.get(k); // the last of equal names, as a map keyed by name kept
            }
        }
        return found;
    }

    /** A count field, left out when null. */
    static void putLong(SitesVcf.Line l, String key, Row r, int i) {
        if (!r.isNullAt(i)) {
            l.put(key, r.getLong(i));
        }
    }

    /** A float field, left out when null. */
    static void putFloat(SitesVcf.Line l, String key, Row r, int i) {
        if (!r.isNullAt(i)) {
            l.putFloat(key, r.getDouble(i));
        }
    }
}
