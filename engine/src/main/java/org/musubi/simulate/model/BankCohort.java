package org.musubi.simulate.model;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The people of one bank: each sample's population, sex, age and family, plus the unsampled parents of sibling
 * pairs ("phantoms", genotyped internally so the siblings inherit from real parents, but not written). Individuals
 * are ordered so that parents come before their children; children are never parents.
 *
 * <p>Families: with q = f / (2.5 − 1.5 f) for a related fraction f, each unit added is a family with probability q
 * (half trios: father, mother and child all sampled; half sibling pairs: two sampled children of two phantom
 * parents), else a single unrelated sample, so about f of the samples are in families. A family shares one
 * population. Fathers are XY, mothers XX, children either.
 *
 * <p>Samples are numbered in individual order (a family's members next to each other), or, with a shuffle stream,
 * in a random order of the sampled individuals (families scattered, as in a biobank).
 */
public final class BankCohort {
    public final int bank;
    public final String name;
    /** Sampled individuals, N. */
    public final int sampleCount;
    /** Individuals including phantom parents. */
    public final int individualCount;

    public final byte[] population;
    /** 0 = XX, 1 = XY. */
    public final byte[] sex;

    public final int[] father;
    public final int[] mother;
    /** Sample index of an individual, -1 for a phantom. */
    public final int[] sampleOf;
    /** Individual of each sample. */
    public final int[] individualOf;
    /** Family id of each individual (its own sample id when unrelated). */
    public final String[] familyId;

    public final int[] age;
    /** Individuals with parents, in order. */
    public final int[] children;
    /** Per population, the haplotype slots (2·individual + h) of individuals without parents. */
    public final int[][] founderHaplotypes;

    BankCohort(int bank, int sampleCount, double[] mixture, double relatedFraction, SplittableRandom r) {
        this(bank, sampleCount, mixture, relatedFraction, r, null);
    }

    /** @param shuffle the stream that orders the samples at random, or null for individual order */
    BankCohort(
            int bank,
            int sampleCount,
            double[] mixture,
            double relatedFraction,
            SplittableRandom r,
            SplittableRandom shuffle) {
        this.bank = bank;
        this.name = SimulationParams.bankName(bank);
        this.sampleCount = sampleCount;
        double q = relatedFraction / (2.5 - 1.5 * relatedFraction);
        List<int[]> rows = new ArrayList<>(); // pop, sex, father, mother, sampled, family number
        int sampled = 0;
        int families = 0;
        while (sampled < sampleCount) {
            int pop = pick(mixture, r.nextDouble());
            boolean family = r.nextDouble() < q;
            boolean trio = r.nextBoolean();
            int left = sampleCount - sampled;
            if (family && trio && left >= 3) {
                families++;
                int f = rows.size();
                rows.add(new int[] {pop, 1, -1, -1, 1, families});
                rows.add(new int[] {pop, 0, -1, -1, 1, families});
                rows.add(new int[] {pop, r.nextInt(2), f, f + 1, 1, families});
                sampled += 3;
            } else if (family && !trio && left >= 2) {
                families++;
                int f = rows.size();
                rows.add(new int[] {pop, 1, -1, -1, 0, families});
                rows.add(new int[] {pop, 0, -1, -1, 0, families});
                rows.add(new int[] {pop, r.nextInt(2), f, f + 1, 1, families});
                rows.add(new int[] {pop, r.nextInt(2), f, f + 1, 1, families});
                sampled += 2;
            } else {
                rows.add(new int[] {pop, r.nextInt(2), -1, -1, 1, 0});
                sampled++;
            }
        }
        individualCount = rows.size();
        population = new byte[individualCount];
        sex = new byte[individualCount];
        father = new int[individualCount];
        mother = new int[individualCount];
        sampleOf = new int[individualCount];
        individualOf = new int[sampleCount];
        familyId = new String[individualCount];
        age = new int[individualCount];
        List<Integer> kids = new ArrayList<>();
        int[] number = new int[sampleCount];
        for (int k = 0; k < sampleCount; k++) {
            number[k] = k;
        }
        for (int k = sampleCount - 1; shuffle != null && k > 0; k--) {
            int j = shuffle.nextInt(k + 1);
            int t = number[k];
            number[k] = number[j];
            number[j] = t;
        }
        int s = 0;
        for (int i = 0; i < individualCount; i++) {
            int[] row = rows.get(i);
            population[i] = (byte) row[0];
            sex[i] = (byte) row[1];
            father[i] = row[2];
            mother[i] = row[3];
            if (row[4] == 1) {
                sampleOf[i] = number[s];
                individualOf[number[s]] = i;
                s++;
            } else {
                sampleOf[i] = -1;
            }
            if (father[i] >= 0) {
                kids.add(i);
                // children are 20–45 and at least 20 years younger than both parents
                int parentAge = Math.min(age[father[i]], age[mother[i]]);
                age[i] = 20 + r.nextInt(Math.max(1, Math.min(26, parentAge - 39)));
            } else {
                age[i] = 40 + r.nextInt(41);
            }
        }
        for (int i = 0; i < individualCount; i++) {
            familyId[i] = rows.get(i)[5] == 0 ? sampleId(sampleOf[i]) : String.format("%s_F%05d", name, rows.get(i)[5]);
        }
        children = kids.stream().mapToInt(Integer::intValue).toArray();
        founderHaplotypes = new int[CohortModel.POPULATIONS.length][];
        for (int k = 0; k < founderHaplotypes.length; k++) {
            int count = 0;
            for (int i = 0; i < individualCount; i++) {
                if (father[i] < 0 && population[i] == k) {
                    count++;
                }
            }
            int[] slots = new int[2 * count];
            int j = 0;
            for (int i = 0; i < individualCount; i++) {
                if (father[i] < 0 && population[i] == k) {
                    slots[j++] = 2 * i;
                    slots[j++] = 2 * i + 1;
                }
            }
            founderHaplotypes[k] = slots;
        }
    }

    /** The sample id of sample s: {@code bankA_000001}, … (1-based). */
    public String sampleId(int s) {
        return String.format("%s_%06d", name, s + 1);
    }

    /** The sample id of an individual's parent, or "0" (PLINK's code for a parent not in the data). */
    public String parentId(int parent) {
        return parent < 0 || sampleOf[parent] < 0 ? "0" : sampleId(sampleOf[parent]);
    }

    static int pick(double[] weights, double u) {
        double c = 0;
        for (int k = 0; k < weights.length; k++) {
            c += weights[k];
            if (u < c) {
                return k;
            }
        }
        int last = weights.length - 1;
        while (last > 0 && weights[last] == 0) {
            last--;
        }
        return last;
    }
}
