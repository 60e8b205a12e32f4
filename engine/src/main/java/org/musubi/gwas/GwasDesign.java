package org.musubi.gwas;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.musubi.error.MusubiUserException;
import org.musubi.samples.PhenotypeFile;
import org.musubi.stats.CovariateBasis;
import org.musubi.stats.GlmOptions;
import org.musubi.stats.LinearRegression;
import org.musubi.stats.LogisticRegression;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-phenotype regression set-up, made once on the driver and broadcast: which samples each phenotype uses
 * (phenotype and every covariate present, in the keep list), the covariate matrix with constant covariates
 * dropped (PLINK 2), the trait type and coding, and the prepared kernels. Quantitative phenotypes with the same
 * sample set share one {@link LinearRegression} (covariates projected once, all phenotypes tested per variant).
 */
public final class GwasDesign implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(GwasDesign.class);

    /** Regression model of a phenotype. */
    public enum Kind {
        LINEAR,
        LOGISTIC
    }

    /** One kernel and the phenotypes it tests. */
    public static final class Model implements Serializable {
        private static final long serialVersionUID = 1L;
        public final Kind kind;
        public final List<String> phenotypes;
        /** table sample index → row of the model's sample set, or -1. */
        public final int[] tableToRow;

        public final int sampleCount;
        public final LinearRegression linear;
        public final LogisticRegression logistic;
        /** The phenotypes' values over the model's samples, column-major (logistic: 0/1). */
        public final double[] y;

        Model(
                Kind kind,
                List<String> phenotypes,
                int[] tableToRow,
                int n,
                LinearRegression l,
                LogisticRegression g,
                double[] y) {
            this.y = y;
            this.kind = kind;
            this.phenotypes = phenotypes;
            this.tableToRow = tableToRow;
            this.sampleCount = n;
            this.linear = l;
            this.logistic = g;
        }
    }

    /** What the run summary reports per phenotype. */
    public record PhenotypeInfo(
            String name,
            Kind kind,
            String coding,
            int samples,
            int cases,
            int controls,
            List<String> covariates,
            List<String> droppedCovariates)
            implements Serializable {}

    /**
     * How sex enters the model (PLINK 2 {@code --glm}): as a covariate on chrX only (the default), nowhere ({@code
     * no-x-sex}), or everywhere but chrY ({@code sex}).
     */
    public enum SexCovariate {
        X_ONLY,
        NONE,
        ALL
    }

    /**
     * PLINK 2's chrX settings: {@code xchrModel} 0 skips chrX, 1 codes males 0/1, 2 (PLINK 2's default) codes them
     * 0/2; and where sex is a covariate.
     */
    public record SexChromosomes(int xchrModel, SexCovariate sexCovariate) implements Serializable {
        public static final SexChromosomes PLINK2_DEFAULT = new SexChromosomes(2, SexCovariate.X_ONLY);
    }

    /** The name of the sex covariate (male 1, female 2, as PLINK 2 codes it). */
    public static final String SEX_COVARIATE = "SEX";

    /** The models of autosomes and every other contig but chrX and chrY (chrM/MT too). */
    public final List<Model> models = new ArrayList<>();
    /** The models of chrX ({@link #models} itself when sex is a covariate everywhere or nowhere); null: skipped. */
    public List<Model> xModels;
    /** The models of chrY: males only, no sex covariate. */
    public List<Model> yModels;
    /** Table sample index → sex XY. */
    public boolean[] male;

    public SexChromosomes sexChromosomes = SexChromosomes.PLINK2_DEFAULT;
    /** Per phenotype, its chrX and chrY sample sets and covariates (absent: not tested there). */
    public final Map<String, PhenotypeInfo> xInfo = new LinkedHashMap<>();

    public final Map<String, PhenotypeInfo> yInfo = new LinkedHashMap<>();
    /** Notes about the chrX / chrY model sets, for the run's notes when the table has those contigs. */
    public final List<String> sexChromosomeNotes = new ArrayList<>();
    /** The chrX / chrY model sets' log lines, logged when the table has those contigs. */
    private final List<String> sexChromosomeLog = new ArrayList<>();
    /** Sex-chromosome notes that record what the user asked for: logged at INFO, not WARN. */
    private final Set<String> infoNotes = new java.util.HashSet<>();
    /**
     * The samples allele frequencies (hence A1) are counted over: those of {@code --keep}, or null for every table
     * sample, as PLINK 2 counts them over the samples it loaded.
     */
    public boolean[] freqSamples;

    public int freqSampleCount;

    /** {@code --maf}/{@code --min-call-rate} over the kept samples, applied in the task; null: none there. */
    KeptSampleFilter variantFilter;

    /** {@code gwas --pred}: REGENIE's step 2 ({@link RegenieDesign}); null otherwise. */
    RegenieDesign regenie;

    /**
     * Counts allele frequencies over the kept founders only, as plink2 does (A1, {@code --maf}); {@code founders}
     * null: every sample is one.
     */
    void countFrequenciesOverFounders(boolean[] founders) {
        if (founders == null) {
            return;
        }
        int n = founders.length;
        boolean[] f = new boolean[n];
        int count = 0;
        for (int i = 0; i < n; i++) {
            f[i] = founders[i] && (freqSamples == null || freqSamples[i]);
            count += f[i] ? 1 : 0;
        }
        freqSamples = f;
        freqSampleCount = count;
    }

    public final Map<String, PhenotypeInfo> info = new LinkedHashMap<>();
    public final List<String> notes = new ArrayList<>();

    /**
     * @param sampleIds the table's samples, in genotype order
     * @param keep sample IDs to keep, or null for all
     * @param sexes each table sample's sex ({@code XY}, {@code XX} or null: unknown), or null: all unknown
     */
    public static GwasDesign build(
            List<String> sampleIds,
            PhenotypeFile pheno,
            List<String> phenoNames,
            PhenotypeFile covar,
            List<String> covarNames,
            Set<String> keep,
            String model,
            GlmOptions options,
            List<String> sexes,
            SexChromosomes sexChromosomes) {
        GwasDesign d = new GwasDesign();
        int n = sampleIds.size();
        d.freqSampleCount = n;
        if (keep != null) {
            d.freqSamples = new boolean[n];
            d.freqSampleCount = 0;
            for (int i = 0; i < n; i++) {
                d.freqSamples[i] = keep.contains(sampleIds.get(i));
                d.freqSampleCount += d.freqSamples[i] ? 1 : 0;
            }
        }
        List<String> names = phenoNames.isEmpty() ? pheno.columns : phenoNames;
        if (names.isEmpty()) {
            throw new MusubiUserException(pheno.path + ": no phenotype columns after FID/IID");
        }
        // Sample matching, reported both ways.
        String[][] prow = new String[n][];
        String[][] crow = new String[n][];
        int matched = 0;
        List<String> unmatched = new ArrayList<>();
        Set<String> used = new java.util.HashSet<>();
        for (int i = 0; i < n; i++) {
            prow[i] = pheno.lookup(sampleIds.get(i));
            if (prow[i] != null) {
                matched++;
            } else if (unmatched.size() < 5) {
                unmatched.add(sampleIds.get(i));
            }
            crow[i] = covar == null ? new String[0] : covar.lookup(sampleIds.get(i));
            if (prow[i] != null) {
                used.add(sampleIds.get(i));
            }
        }
        if (matched == 0) {
            throw new MusubiUserException(pheno.path + ": none of its "
                    + pheno.sampleIds().size() + " sample IDs (first: "
                    + String.join(
                            ", ",
                            pheno.sampleIds()
                                    .subList(0, Math.min(3, pheno.sampleIds().size())))
                    + ") matches a sample of the table (first: "
                    + String.join(", ", sampleIds.subList(0, Math.min(3, n)))
                    + "); IDs are matched to IID, or to FID_IID");
        }
        if (matched < n) {
            d.note(String.format(
                    Locale.ROOT,
                    "%d of %d table samples have no row in %s (first: %s); they are left out",
                    n - matched,
                    n,
                    pheno.path,
                    String.join(", ", unmatched)));
        }
        int extra = pheno.sampleIds().size() - matched;
        if (extra > 0) {
            d.note(extra + " sample(s) of " + pheno.path + " are not in the table and are ignored");
        }
        // Covariate columns, categorical ones as 0/1 dummies (first level is the reference).
        List<String> covCols = covar == null ? List.of() : covarNames.isEmpty() ? covar.columns : covarNames;
        PhenotypeFile.CovariateColumns cov = covar == null
                ? PhenotypeFile.CovariateColumns.NONE
                : covar.covariates(covCols, sampleIds, crow, d::note);
        List<String> covNames = cov.names();
        List<double[]> covValues = cov.values();
        // Phenotypes: type and values; then one model set per kind of contig.
        List<Phenotype> phenos = new ArrayList<>();
        for (String name : names) {
            int pi = pheno.columnIndex(name);
            double[] y = new double[n];
            TreeSet<Double> distinct = new TreeSet<>();
            for (int i = 0; i < n; i++) {
                y[i] = prow[i] == null ? Double.NaN : pheno.numeric(sampleIds.get(i), prow[i], pi);
                if (!Double.isNaN(y[i]) && distinct.size() <= 3) {
                    distinct.add(y[i]);
                }
            }
            if (distinct.isEmpty()) {
                // every value missing (for the table's samples): the other phenotypes are still tested
                d.note("phenotype " + name + ": every value is missing for the table's samples in " + pheno.path
                        + "; not tested");
                continue;
            }
            boolean is01 = distinct.equals(new TreeSet<>(List.of(0.0, 1.0)));
            boolean is12 = distinct.equals(new TreeSet<>(List.of(1.0, 2.0)));
            boolean binary = is01 || is12;
            Kind kind =
                    switch (model) {
                        case "auto" -> binary ? Kind.LOGISTIC : Kind.LINEAR;
                        case "linear" -> Kind.LINEAR;
                        default -> Kind.LOGISTIC;
                    };
            if (kind == Kind.LOGISTIC && !binary) {
                throw new MusubiUserException(pheno.path + ": phenotype " + name + " is not binary (values " + distinct
                        + "…); --model " + model + " needs 0/1 or 1/2 coding (1/2: 1 = control, 2 = case)");
            }
            phenos.add(new Phenotype(name, y, kind, is12));
        }
        if (phenos.isEmpty()) {
            throw new MusubiUserException(pheno.path + ": every value of " + String.join(", ", names)
                    + " is missing for the table's samples (missing: NA, " + "the --missing-code, '.', empty)");
        }
        // Sex chromosomes as PLINK 2 --glm: sex (male 1, female 2) a covariate on chrX (everywhere but chrY with
        // --sex-covariate, nowhere with --no-x-sex); samples of unknown sex drop out where it is one; chrY males only.
        d.sexChromosomes = sexChromosomes;
        d.male = new boolean[n];
        double[] sexColumn = new double[n];
        for (int i = 0; i < n; i++) {
            String sx = sexes == null ? null : sexes.get(i);
            d.male[i] = "XY".equals(sx);
            sexColumn[i] = "XY".equals(sx) ? 1 : "XX".equals(sx) ? 2 : Double.NaN;
        }
        boolean sexEverywhere = sexChromosomes.sexCovariate() == SexCovariate.ALL;
        boolean userSex = covNames.stream()
                .anyMatch(c ->
                        c.equalsIgnoreCase("sex") || c.toLowerCase(Locale.ROOT).startsWith("sex="));
        if (userSex && sexChromosomes.sexCovariate() != SexCovariate.NONE) {
            // PLINK 2 stops with VIF_INFINITE here; the covariate file's sex column does the job
            // what the user asked for: noted in the summary and logged at INFO, not a warning
            String msg = "the covariates include sex: the table's sex is not added again as a covariate";
            if (sexEverywhere) {
                d.notes.add(msg + " (on chrX or elsewhere)");
                LOG.info("gwas: {} (on chrX or elsewhere)", msg);
            } else {
                d.sexChromosomeNotes.add("chrX: " + msg);
                d.infoNotes.add("chrX: " + msg);
            }
            sexColumn = null;
        }
        Context ctx = new Context(d, sampleIds, keep, covNames, covValues, options, n);
        d.models.addAll(ctx.buildSet(phenos, sexEverywhere ? sexColumn : null, false, d.info, ""));
        if (sexChromosomes.xchrModel() == 0) {
            d.xModels = null;
        } else if (sexChromosomes.sexCovariate() == SexCovariate.X_ONLY && sexColumn != null) {
            d.xModels = ctx.buildSet(phenos, sexColumn, false, d.xInfo, "chrX: ");
        } else {
            d.xModels = d.models;
            d.xInfo.putAll(d.info);
        }
        d.yModels = ctx.buildSet(phenos, null, true, d.yInfo, "chrY: ");
        return d;
    }

    private record Phenotype(String name, double[] y, Kind kind, boolean is12) {}

    /** What every model set of a design is built from. */
    private record Context(
            GwasDesign d,
            List<String> sampleIds,
            Set<String> keep,
            List<String> covNames,
            List<double[]> covValues,
            GlmOptions options,
            int n) {

        /**
         * One model set: per phenotype its samples (phenotype and every covariate present, in the keep list, male
         * when {@code malesOnly}), covariates constant over them dropped; {@code sex} (or null) an extra covariate.
         * The main set ({@code where} empty) fails on a phenotype without samples; a sex-chromosome set leaves it
         * out with a note.
         */
        List<Model> buildSet(
                List<Phenotype> phenos,
                double[] sex,
                boolean malesOnly,
                Map<String, PhenotypeInfo> infoOut,
                String where) {
            List<Model> models = new ArrayList<>();
            List<String> names = new ArrayList<>(covNames);
            List<double[]> values = new ArrayList<>(covValues);
            if (sex != null) {
                names.add(SEX_COVARIATE);
                values.add(sex);
            }
            // Linear ones sharing a sample set share a kernel.
            Map<String, List<Object[]>> linearGroups = new LinkedHashMap<>();
            for (Phenotype ph : phenos) {
                String name = ph.name();
                double[] y = ph.y();
                Kind kind = ph.kind();
                boolean[] in = new boolean[n];
                int count = 0;
                for (int i = 0; i < n; i++) {
                    boolean ok = !Double.isNaN(y[i])
                            && (keep == null || keep.contains(sampleIds.get(i)))
                            && (!malesOnly || d.male[i]);
                    for (int c = 0; ok && c < values.size(); c++) {
                        ok = !Double.isNaN(values.get(c)[i]);
                    }
                    in[i] = ok;
                    count += ok ? 1 : 0;
                }
                if (count == 0) {
                    if (where.isEmpty()) {
                        throw new MusubiUserException("phenotype " + name + ": no sample has the phenotype"
                                + (values.isEmpty() ? "" : " and every covariate")
                                + (keep == null ? "" : " and is in --keep"));
                    }
                    d.sexChromosomeNotes.add(where + "phenotype " + name + " has no sample"
                            + (malesOnly ? " of sex XY" : " of known sex")
                            + " with the phenotype and every covariate; not tested there");
                    continue;
                }
                int[] map = new int[n];
                int r = 0;
                for (int i = 0; i < n; i++) {
                    map[i] = in[i] ? r++ : -1;
                }
                List<String> usedCov = new ArrayList<>();
                List<String> dropped = new ArrayList<>();
                List<double[]> cols = new ArrayList<>();
                for (int c = 0; c < values.size(); c++) {
                    double[] v = values.get(c);
                    double first = Double.NaN;
                    boolean constant = true;
                    for (int i = 0; i < n && constant; i++) {
                        if (in[i]) {
                            if (Double.isNaN(first)) {
                                first = v[i];
                            } else if (v[i] != first) {
                                constant = false;
                            }
                        }
                    }
                    if (constant) {
                        dropped.add(names.get(c));
                    } else {
                        usedCov.add(names.get(c));
                        cols.add(v);
                    }
                }
                // the sex of chrY's all-male samples is constant by design: no note for it
                if (!dropped.isEmpty() && !(malesOnly && dropped.stream().allMatch(GwasDesign::isSexCovariate))) {
                    String msg = where + "phenotype " + name + ": covariate(s) " + String.join(", ", dropped)
                            + " constant over its samples, dropped";
                    if (where.isEmpty()) {
                        d.note(msg);
                    } else {
                        d.sexChromosomeNotes.add(msg);
                    }
                }
                double[] colMajor = new double[count * cols.size()];
                for (int c = 0; c < cols.size(); c++) {
                    double[] v = cols.get(c);
                    for (int i = 0; i < n; i++) {
                        if (map[i] >= 0) {
                            colMajor[c * count + map[i]] = v[i];
                        }
                    }
                }
                double[] yv = new double[count];
                int cases = 0;
                for (int i = 0; i < n; i++) {
                    if (map[i] >= 0) {
                        yv[map[i]] = kind == Kind.LOGISTIC && ph.is12() ? y[i] - 1 : y[i];
                        cases += kind == Kind.LOGISTIC && yv[map[i]] == 1 ? 1 : 0;
                    }
                }
                String coding = kind == Kind.LINEAR
                        ? "quantitative"
                        : ph.is12() ? "1/2 (1 = control, 2 = case)" : "0/1 (1 = case)";
                infoOut.put(
                        name,
                        new PhenotypeInfo(
                                name,
                                kind,
                                coding,
                                count,
                                kind == Kind.LOGISTIC ? cases : 0,
                                kind == Kind.LOGISTIC ? count - cases : 0,
                                usedCov,
                                dropped));
                String line = String.format(
                        Locale.ROOT,
                        "gwas: %s%s is %s, %d samples%s, covariates: %s",
                        where,
                        name,
                        kind == Kind.LINEAR ? "quantitative (linear)" : "binary " + coding + " (logistic)",
                        count,
                        kind == Kind.LOGISTIC ? " (" + cases + " cases, " + (count - cases) + " controls)" : "",
                        usedCov.isEmpty() ? "none" : String.join(", ", usedCov));
                if (where.isEmpty()) {
                    LOG.info(line);
                } else {
                    d.sexChromosomeLog.add(line); // logged only when the table has that chromosome
                }
                if (kind == Kind.LOGISTIC) {
                    CovariateBasis basis = CovariateBasis.create(colMajor, count, cols.size(), options);
                    models.add(
                            new Model(kind, List.of(name), map, count, null, LogisticRegression.create(basis, yv), yv));
                } else {
                    String key = java.util.Arrays.toString(map) + usedCov;
                    linearGroups
                            .computeIfAbsent(key, k -> new ArrayList<>())
                            .add(new Object[] {name, map, count, colMajor, cols.size(), yv});
                }
            }
            for (List<Object[]> g : linearGroups.values()) {
                Object[] first = g.get(0);
                int count = (Integer) first[2];
                double[] ys = new double[count * g.size()];
                List<String> phenoNames = new ArrayList<>();
                for (int j = 0; j < g.size(); j++) {
                    System.arraycopy((double[]) g.get(j)[5], 0, ys, j * count, count);
                    phenoNames.add((String) g.get(j)[0]);
                }
                CovariateBasis basis = CovariateBasis.create((double[]) first[3], count, (Integer) first[4], options);
                models.add(new Model(
                        Kind.LINEAR,
                        phenoNames,
                        (int[]) first[1],
                        count,
                        LinearRegression.create(basis, ys, g.size()),
                        null,
                        ys));
            }
            return models;
        }
    }

    /**
     * Adds the notes about chrX ({@code hasX}) and chrY ({@code hasY}) to the run's and logs those model sets: a
     * table without chrY hears nothing about a chrY analysis.
     */
    public void addSexChromosomeNotes(boolean hasX, boolean hasY) {
        for (String line : sexChromosomeLog) {
            if (line.startsWith("gwas: chrX: ") ? hasX : hasY) {
                LOG.info(line);
            }
        }
        for (String n : sexChromosomeNotes) {
            if (!(n.startsWith("chrY: ") ? hasY : hasX)) {
                continue;
            }
            if (infoNotes.contains(n)) {
                notes.add(n);
                LOG.info("gwas: {}", n);
            } else {
                note(n);
            }
        }
    }

    /** The table's sex or a covariate file's sex column (or its dummies): constant over chrY's XY samples. */
    private static boolean isSexCovariate(String name) {
        String c = name.toLowerCase(Locale.ROOT);
        return name.equals(SEX_COVARIATE) || c.equals("sex") || c.startsWith("sex=");
    }

    private void note(String s) {
        notes.add(s);
        LOG.warn("gwas: {}", s);
    }
}
