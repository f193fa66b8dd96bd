package dev.lmaas.platform.ui.web;

import java.util.ArrayList;
import java.util.List;

/**
 * A bar chart laid out on the server, drawn as inline SVG by the {@code fragments/chart} template
 * (no script, no inline style: only SVG geometry attributes, so the CSP stays strict).
 * {@link #columns} draws one vertical bar per entry (e.g. per day); {@link #rows} draws
 * horizontal bars with their labels (e.g. per model).
 * <p>
 * An SVG scales with its width, text included: drawn 1000 units wide on a 390 px phone, 12-unit labels would be 4 px
 * high. So each chart also carries a {@code narrow} layout (about as many units as a phone has pixels, fewer column
 * labels), which the page shows instead on small screens; its text keeps a readable size.
 *
 * @param narrow the same chart laid out for small screens; null on a narrow layout itself
 */
public record BarChart(String kind, String title, int width, int height, List<Bar> bars, List<Tick> ticks, String maxLabel, boolean empty,
                       BarChart narrow) {

    /** One value to draw. */
    public record Entry(String label, long value, String display) {
    }

    /** A laid-out bar; {@code showLabel} is false for column labels that would overlap. */
    public record Bar(String label, String display, double x, double y, double w, double h, double labelX, double labelY,
                      boolean showLabel) {
    }

    /** A horizontal grid line with its value. */
    public record Tick(double y, String label) {
    }

    static final int LEFT = 48;
    static final int BOTTOM = 24;
    static final int TOP = 8;

    public static BarChart columns(String title, List<Entry> entries, Formats formats) {
        return columns(title, entries, formats, 1000, 12, columns(title, entries, formats, 400, 5, null));
    }

    private static BarChart columns(String title, List<Entry> entries, Formats formats, int width, int maxLabels, BarChart narrow) {
        int height = 260;
        long max = Math.max(1, entries.stream().mapToLong(Entry::value).max().orElse(0));
        long step = niceStep(max);
        int intervals = intervals(max, step);
        long scaleMax = step * intervals;
        double plotW = width - LEFT - 8;
        double plotH = height - TOP - BOTTOM;
        int n = Math.max(1, entries.size());
        double slot = plotW / n;
        double barW = Math.max(2, slot * 0.7);
        int labelEvery = Math.max(1, (int) Math.ceil(n / (double) maxLabels));
        List<Bar> bars = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            double h = plotH * e.value() / scaleMax;
            double x = LEFT + i * slot + (slot - barW) / 2;
            bars.add(new Bar(e.label(), e.display(), r(x), r(TOP + plotH - h), r(barW), r(h), r(x + barW / 2), height - 6,
                    i % labelEvery == 0));
        }
        List<Tick> ticks = new ArrayList<>();
        for (int i = 0; i <= intervals; i++) {
            ticks.add(new Tick(r(TOP + plotH - plotH * i / intervals), formats.compact(step * i)));
        }
        return new BarChart("columns", title, width, height, bars, ticks, formats.compact(scaleMax), entries.stream().allMatch(e -> e.value() == 0),
                narrow);
    }

    public static BarChart rows(String title, List<Entry> entries) {
        return rows(title, entries, 560, 170, rows(title, entries, 360, 120, null));
    }

    private static BarChart rows(String title, List<Entry> entries, int width, int labelW, BarChart narrow) {
        int rowH = 30;
        int height = Math.max(1, entries.size()) * rowH + 4;
        long max = Math.max(1, entries.stream().mapToLong(Entry::value).max().orElse(0));
        double plotW = width - labelW - 90;
        List<Bar> bars = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            double w = Math.max(e.value() > 0 ? 2 : 0, plotW * e.value() / max);
            double y = i * rowH + 4;
            bars.add(new Bar(e.label(), e.display(), labelW, r(y), r(w), rowH - 10, labelW - 8, r(y + rowH / 2.0 - 1), true));
        }
        return new BarChart("rows", title, width, height, bars, List.of(), formats(max), entries.stream().allMatch(e -> e.value() == 0), narrow);
    }

    /** x of the value label to the right of a row bar. */
    public double valueX(Bar bar) {
        return r(bar.x() + bar.w() + 6);
    }

    public int plotLeft() {
        return LEFT;
    }

    public int plotRight() {
        return width - 8;
    }

    /** The top of the scale: a whole number of even steps (1, 2 or 5 times a power of ten), 4 or 5 of them. */
    static long niceCeiling(long max) {
        long step = niceStep(max);
        return step * intervals(max, step);
    }

    /** The smallest step of 1, 2 or 5 times a power of ten that covers {@code max} in at most 5 intervals. */
    static long niceStep(long max) {
        long magnitude = 1;
        while (true) {
            for (long unit : new long[] {1, 2, 5}) {
                long step = unit * magnitude;
                if (step * 5 >= max) {
                    return step;
                }
            }
            magnitude *= 10;
        }
    }

    /** At least 4 intervals, so that a small maximum still gets a readable grid (0, 1, 2, 3, 4). */
    private static int intervals(long max, long step) {
        return (int) Math.max(4, (max + step - 1) / step);
    }

    private static String formats(long max) {
        return Long.toString(max);
    }

    private static double r(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
