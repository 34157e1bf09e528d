package dev.floorwatch.simulator.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Small hand-written SVG charts for docs/BENCHMARKS.md (no plotting library on this machine). */
final class Plots {

    private static final String[] COLOURS = { "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b" };
    private static final int WIDTH = 720;
    private static final int HEIGHT = 400;
    private static final int LEFT = 70;
    private static final int RIGHT = 220;
    private static final int TOP = 40;
    private static final int BOTTOM = 50;

    private Plots() {
    }

    /** Lines over load levels with a logarithmic millisecond axis (latencies span 10 ms to seconds). */
    static String lines(String title, List<Integer> levels, Map<String, List<Double>> series) {
        double max = series.values().stream().flatMap(List::stream).filter(v -> !v.isNaN()).mapToDouble(Double::doubleValue).max().orElse(10);
        int decades = Math.max(2, (int) Math.ceil(Math.log10(Math.max(10, max))));
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        StringBuilder svg = header(title);
        for (int d = 0; d <= decades; d++) { // 1 ms … 10^decades ms
            double y = TOP + plotH - (double) d / decades * plotH;
            svg.append(line(LEFT, y, LEFT + plotW, y, "#ddd"));
            svg.append(text(LEFT - 8, y + 4, label(Math.pow(10, d)) + " ms", "end", 11));
        }
        for (int i = 0; i < levels.size(); i++) {
            double x = xAt(i, levels.size(), plotW);
            svg.append(line(x, TOP, x, TOP + plotH, "#eee"));
            svg.append(text(x, TOP + plotH + 18, levels.get(i) + "× load", "middle", 12));
        }
        int s = 0;
        for (var entry : series.entrySet()) {
            String colour = COLOURS[s % COLOURS.length];
            StringBuilder points = new StringBuilder();
            List<Double> values = entry.getValue();
            for (int i = 0; i < values.size(); i++) {
                double v = values.get(i);
                if (Double.isNaN(v)) {
                    continue;
                }
                double x = xAt(i, values.size(), plotW);
                double y = TOP + plotH - Math.log10(Math.max(1, v)) / decades * plotH;
                points.append(fmt(x)).append(',').append(fmt(y)).append(' ');
                svg.append("<circle cx=\"").append(fmt(x)).append("\" cy=\"").append(fmt(y)).append("\" r=\"3.5\" fill=\"")
                        .append(colour).append("\"/>\n");
            }
            svg.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(colour).append("\" points=\"").append(points)
                    .append("\"/>\n");
            double ly = TOP + 10 + s * 20;
            svg.append(line(LEFT + plotW + 15, ly, LEFT + plotW + 35, ly, colour).replace("stroke-width=\"1\"", "stroke-width=\"3\""));
            svg.append(text(LEFT + plotW + 40, ly + 4, entry.getKey(), "start", 11));
            s++;
        }
        return svg.append("</svg>\n").toString();
    }

    /** Horizontal bars on a linear axis. */
    static String bars(String title, Map<String, Double> bars) {
        double max = bars.values().stream().filter(v -> !v.isNaN()).mapToDouble(Double::doubleValue).max().orElse(1);
        int labelW = 190;
        int plotW = WIDTH - labelW - 90;
        StringBuilder svg = header(title);
        int i = 0;
        for (var entry : bars.entrySet()) {
            double y = TOP + 10 + i * 60;
            double w = entry.getValue().isNaN() ? 0 : entry.getValue() / max * plotW;
            svg.append(text(labelW - 8, y + 22, entry.getKey(), "end", 12));
            svg.append("<rect x=\"").append(labelW).append("\" y=\"").append(fmt(y)).append("\" width=\"").append(fmt(w))
                    .append("\" height=\"34\" fill=\"").append(COLOURS[i % COLOURS.length]).append("\"/>\n");
            svg.append(text(labelW + w + 6, y + 22, String.format(Locale.ROOT, "%,.0f", entry.getValue()), "start", 12));
            i++;
        }
        return svg.append("</svg>\n").toString();
    }

    private static StringBuilder header(String title) {
        return new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + WIDTH + "\" height=\"" + HEIGHT
                + "\" font-family=\"sans-serif\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n")
                .append(text(WIDTH / 2.0, 24, title, "middle", 14));
    }

    private static double xAt(int i, int n, int plotW) {
        return n == 1 ? LEFT + plotW / 2.0 : LEFT + 30 + (double) i / (n - 1) * (plotW - 60);
    }

    private static String line(double x1, double y1, double x2, double y2, String colour) {
        return "<line x1=\"" + fmt(x1) + "\" y1=\"" + fmt(y1) + "\" x2=\"" + fmt(x2) + "\" y2=\"" + fmt(y2) + "\" stroke=\"" + colour
                + "\" stroke-width=\"1\"/>\n";
    }

    private static String text(double x, double y, String text, String anchor, int size) {
        return "<text x=\"" + fmt(x) + "\" y=\"" + fmt(y) + "\" text-anchor=\"" + anchor + "\" font-size=\"" + size + "\">"
                + text.replace("&", "&amp;").replace("<", "&lt;") + "</text>\n";
    }

    private static String label(double ms) {
        return ms >= 1000 ? String.format(Locale.ROOT, "%,.0f", ms) : String.format(Locale.ROOT, "%.0f", ms);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
