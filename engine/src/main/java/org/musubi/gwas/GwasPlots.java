package org.musubi.gwas;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Manhattan and QQ plots as PNG, drawn headless with java.awt. Points are thinned by pixel: each occupied cell of
 * the plot area is drawn once, so ten million variants draw as fast as a few thousand.
 */
public final class GwasPlots {
    private GwasPlots() {}

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
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = frame(img, title, "chromosome", "-log10(P)");
        double maxX = 1;
        double maxY = 8;
        for (int i = 0; i < count; i++) {
            maxX = Math.max(maxX, cumPos[i]);
            if (!Double.isNaN(negLog10P[i])) {
                maxY = Math.max(maxY, negLog10P[i]);
            }
        }
        maxY = Math.ceil(maxY * 1.05);
        int pw = W - LEFT - RIGHT;
        int ph = H - TOP - BOTTOM;
        boolean[] drawn = new boolean[pw * ph];
        Color[] colors = {new Color(0x1f4e79), new Color(0x6fa8dc)};
        for (int i = 0; i < count; i++) {
            double y = negLog10P[i];
            if (Double.isNaN(y)) {
                continue;
            }
            int px = (int) (cumPos[i] / maxX * (pw - 1));
            int py = (int) ((1 - y / maxY) * (ph - 1));
            int cell = py * pw + px;
            if (drawn[cell]) {
                continue;
            }
            drawn[cell] = true;
            g.setColor(colors[contigOf[i] % 2]);
            g.fillOval(LEFT + px - 2, TOP + py - 2, 4, 4);
        }
        // Genome-wide significance line, 5e-8.
        double sig = -Math.log10(5e-8);
        if (sig < maxY) {
            int py = TOP + (int) ((1 - sig / maxY) * (ph - 1));
            g.setColor(new Color(0xc0392b));
            g.setStroke(new BasicStroke(1, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
            g.drawLine(LEFT, py, W - RIGHT, py);
        }
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1));
        for (int c = 0; c < contigNames.size(); c++) {
            if (contigEnd[c] < contigStart[c]) {
                continue;
            }
            int px = LEFT + (int) ((contigStart[c] + contigEnd[c]) / 2 / maxX * (pw - 1));
            g.drawString(contigNames.get(c).replace("chr", ""), px - 6, H - BOTTOM + 18);
        }
        yTicks(g, maxY);
        g.dispose();
        ImageIO.write(img, "png", out);
    }

    /** QQ plot of observed against expected -log10 P under the null, with λGC in the title. */
    public static void qq(OutputStream out, String title, double[] negLog10P, int count) throws IOException {
        double[] obs = Arrays.copyOf(negLog10P, count);
        int k = 0;
        for (double v : obs) {
            if (!Double.isNaN(v)) {
                obs[k++] = v;
            }
        }
        obs = Arrays.copyOf(obs, k);
        Arrays.sort(obs); // ascending -log10 P = descending P
        BufferedImage img = new BufferedImage(H + 100, H, BufferedImage.TYPE_INT_RGB);
        int w = H + 100;
        Graphics2D g = frame(img, title, "expected -log10(P)", "observed -log10(P)");
        double maxE = k == 0 ? 1 : -Math.log10(0.5 / k);
        double maxO = k == 0 ? 1 : Math.max(obs[k - 1], maxE);
        double max = Math.ceil(Math.max(maxE, maxO) * 1.05);
        int pw = w - LEFT - RIGHT;
        int ph = H - TOP - BOTTOM;
        g.setColor(new Color(0xc0392b));
        g.drawLine(
                LEFT, TOP + ph - 1, LEFT + (int) (maxE / max * (pw - 1)), TOP + ph - 1 - (int) (maxE / max * (ph - 1)));
        boolean[] drawn = new boolean[pw * ph];
        g.setColor(new Color(0x1f4e79));
        for (int i = 0; i < k; i++) {
            // the i-th smallest -log10 P pairs with the expected quantile of rank k - i
            double e = -Math.log10((k - i - 0.5) / k);
            int px = (int) (e / max * (pw - 1));
            int py = (int) ((1 - obs[i] / max) * (ph - 1));
            int cell = py * pw + px;
            if (!drawn[cell]) {
                drawn[cell] = true;
                g.fillOval(LEFT + px - 2, TOP + py - 2, 4, 4);
            }
        }
        g.setColor(Color.BLACK);
        yTicks(g, max);
        for (int t = 0; t <= max; t += Math.max(1, (int) (max / 8))) {
            int px = LEFT + (int) (t / max * (pw - 1));
            g.drawString(Integer.toString(t), px - 4, H - BOTTOM + 18);
        }
        g.dispose();
        ImageIO.write(img, "png", out);
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
