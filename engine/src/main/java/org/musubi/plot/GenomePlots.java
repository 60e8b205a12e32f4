package org.musubi.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.musubi.genome.Contig;

/**
 * Manhattan and QQ plots of genome-wide association results as PNG, drawn headless with java.awt (gwas per
 * phenotype, meta for the combined results). Points are thinned by pixel: each occupied cell of the plot area is
 * drawn once, so ten million variants draw as fast as a few thousand. {@link Positions} places variants along the
 * genome.
 */
public final class GenomePlots {
    private GenomePlots() {}

    /** Genome-wide positions of points in genome order: each contig starts after the previous one's largest. */
    public static final class Positions {
        private int lastContig = -1;
        private double lastContigMax;
        private double offset;

        /** The genome-wide position of the next point, at {@code pos} on contig index {@code contig}. */
        public double at(int contig, int pos) {
            if (contig != lastContig) {
                if (lastContig >= 0) {
                    offset += lastContigMax;
                }
                lastContig = contig;
                lastContigMax = 0;
            }
            lastContigMax = Math.max(lastContigMax, pos);
            return offset + pos;
        }
    }

    static final int W = 1400;
    static final int H = 600;
    static final int LEFT = 70;
    static final int RIGHT = 20;
    static final int TOP = 40;
    static final int BOTTOM = 60;

    /**
     * @param contigOf contig index (table order) of each variant
     * @param cumPos genome-wide position of each variant (contig offsets added)
     * @param negLog10P -log10 P of each variant (NaN skipped)
     */
    public static void manhattan(
            OutputStream out,
            String title,
            int[] contigOf,
            double[] cumPos,
            double[] negLog10P,
            int count,
            List<String> contigNames,
            double[] contigStart,
            double[] contigEnd)
            throws IOException {
        double maxX = 1;
        double maxY = 0;
        for (int i = 0; i < count; i++) {
            maxX = Math.max(maxX, cumPos[i]);
            if (!Double.isNaN(negLog10P[i])) {
                maxY = Math.max(maxY, negLog10P[i]);
            }
        }
        Manhattan m = new Manhattan(title, maxX, maxY);
        for (int i = 0; i < count; i++) {
            m.point(contigOf[i], cumPos[i], negLog10P[i]);
        }
        m.write(out, contigNames, contigStart, contigEnd);
    }

    /**
     * A Manhattan plot drawn point by point in genome order (the first point of a pixel cell sets its colour), so
     * the points need not be held: the caller passes the largest genome-wide position and −log10 P first.
     */
    public static final class Manhattan {
        private final BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        private final Graphics2D g;
        private final double maxX;
        private final double maxY;
        private final int pw = W - LEFT - RIGHT;
        private final int ph = H - TOP - BOTTOM;
        private final boolean[] drawn = new boolean[pw * ph];
        private final Color[] colors = {new Color(0x1f4e79), new Color(0x6fa8dc)};

        public Manhattan(String title, double maxCumPos, double maxNegLog10P) {
            g = frame(img, title, "chromosome", "-log10(P)");
            maxX = Math.max(1, maxCumPos);
            maxY = Math.ceil(Math.max(8, maxNegLog10P) * 1.05);
        }

        /** One variant; NaN −log10 P is skipped. */
        public void point(int contig, double cumPos, double negLog10P) {
            if (Double.isNaN(negLog10P)) {
                return;
            }
            int px = (int) (cumPos / maxX * (pw - 1));
            int py = (int) ((1 - negLog10P / maxY) * (ph - 1));
            int cell = py * pw + px;
            if (drawn[cell]) {
                return;
            }
            drawn[cell] = true;
            g.setColor(colors[contig % 2]);
            g.fillOval(LEFT + px - 2, TOP + py - 2, 4, 4);
        }

        public void write(OutputStream out, List<String> contigNames, double[] contigStart, double[] contigEnd)
                throws IOException {
            // Genome-wide significance line, 5e-8.
            double sig = -Math.log10(5e-8);
            if (sig < maxY) {
                int py = TOP + (int) ((1 - sig / maxY) * (ph - 1));
                g.setColor(new Color(0xc0392b));
                g.setStroke(
                        new BasicStroke(1, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
                g.drawLine(LEFT, py, W - RIGHT, py);
            }
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke(1));
            for (int c = 0; c < contigNames.size(); c++) {
                if (contigEnd[c] < contigStart[c]) {
                    continue;
                }
                int px = LEFT + (int) ((contigStart[c] + contigEnd[c]) / 2 / maxX * (pw - 1));
                g.drawString(Contig.stripChr(contigNames.get(c)), px - 6, H - BOTTOM + 18);
            }
            yTicks(g, maxY);
            g.dispose();
            ImageIO.write(img, "png", out);
        }
    }

    /** QQ plot of observed against expected -log10 P under the null, with λGC in the title. */
    public static void qq(OutputStream out, String title, double[] negLog10P, int count) throws IOException {
        long k = 0;
        double maxObs = 0;
        for (int i = 0; i < count; i++) {
            if (!Double.isNaN(negLog10P[i])) {
                k++;
                maxObs = Math.max(maxObs, negLog10P[i]);
            }
        }
        Qq q = new Qq(k, maxObs);
        for (int i = 0; i < count; i++) {
            q.add(negLog10P[i]);
        }
        q.write(out, title);
    }

    /**
     * A QQ plot from one pass over the values in any order: the pixel row of an observed −log10 P depends on the
     * value only, and the values of one row hold consecutive ranks, so a count per pixel row gives each row's
     * ranks and hence the pixel columns of their expected quantiles — the same cells as drawing the sorted values
     * one by one, without holding them. The caller passes the number of values and their maximum first.
     */
    public static final class Qq {
        private static final int WIDTH = H + 100;
        private final long k;
        private final double maxE;
        private final double max;
        private final int pw = WIDTH - LEFT - RIGHT;
        private final int ph = H - TOP - BOTTOM;
        private final long[] perRow = new long[ph];

        /** @param k the number of non-NaN values that {@link #add} will get; @param maxObs their maximum */
        public Qq(long k, double maxObs) {
            this.k = k;
            maxE = k == 0 ? 1 : -Math.log10(0.5 / k);
            double maxO = k == 0 ? 1 : Math.max(maxObs, maxE);
            max = Math.ceil(Math.max(maxE, maxO) * 1.05);
        }

        /** One observed −log10 P (NaN ignored). */
        public void add(double negLog10P) {
            if (!Double.isNaN(negLog10P)) {
                perRow[(int) ((1 - negLog10P / max) * (ph - 1))]++;
            }
        }

        /** A pixel cell of the plot area (column, row). */
        @FunctionalInterface
        interface CellSink {
            void cell(int px, int py);
        }

        /**
         * The plot area's cells with a point, each once: ascending observed value = descending pixel row; rank i
         * (ascending) pairs with the expected quantile of rank k − i, whose column grows with i.
         */
        void forEachCell(CellSink sink) {
            long rank = 0;
            for (int py = ph - 1; py >= 0; py--) {
                long c = perRow[py];
                if (c == 0) {
                    continue;
                }
                int last = -1;
                for (long i = rank; i < rank + c; i++) {
                    int px = (int) (-Math.log10((k - i - 0.5) / k) / max * (pw - 1));
                    if (px != last) {
                        sink.cell(px, py);
                        last = px;
                    }
                }
                rank += c;
            }
        }

        public void write(OutputStream out, String title) throws IOException {
            BufferedImage img = new BufferedImage(WIDTH, H, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = frame(img, title, "expected -log10(P)", "observed -log10(P)");
            g.setColor(new Color(0xc0392b));
            g.drawLine(
                    LEFT,
                    TOP + ph - 1,
                    LEFT + (int) (maxE / max * (pw - 1)),
                    TOP + ph - 1 - (int) (maxE / max * (ph - 1)));
            g.setColor(new Color(0x1f4e79));
            forEachCell((px, py) -> g.fillOval(LEFT + px - 2, TOP + py - 2, 4, 4));
            g.setColor(Color.BLACK);
            yTicks(g, max);
            for (int t = 0; t <= max; t += Math.max(1, (int) (max / 8))) {
                int px = LEFT + (int) (t / max * (pw - 1));
                g.drawString(Integer.toString(t), px - 4, H - BOTTOM + 18);
            }
            g.dispose();
            ImageIO.write(img, "png", out);
        }
    }

    private static Graphics2D frame(BufferedImage img, String title, String xLabel, String yLabel) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, LEFT, 25);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawLine(LEFT, TOP, LEFT, img.getHeight() - BOTTOM);
        g.drawLine(LEFT, img.getHeight() - BOTTOM, img.getWidth() - RIGHT, img.getHeight() - BOTTOM);
        g.drawString(xLabel, img.getWidth() / 2 - 40, img.getHeight() - 15);
        Graphics2D r = (Graphics2D) g.create();
        r.rotate(-Math.PI / 2);
        r.drawString(yLabel, -img.getHeight() / 2 - 40, 18);
        r.dispose();
        return g;
    }

    private static void yTicks(Graphics2D g, double max) {
        int ph = H - TOP - BOTTOM;
        int step = Math.max(1, (int) (max / 8));
        for (int t = 0; t <= max; t += step) {
            int py = TOP + (int) ((1 - t / max) * (ph - 1));
            g.drawLine(LEFT - 4, py, LEFT, py);
            g.drawString(String.format(Locale.ROOT, "%d", t), LEFT - 28, py + 4);
        }
    }
}
