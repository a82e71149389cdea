package io.dime.reports;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Stroke;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.Axis;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleInsets;

/**
 * One look for every chart: white background, light grid, fonts large enough to read at 900 px,
 * and the Okabe–Ito palette, whose colours stay apart for readers with colour-blindness
 * (Okabe and Ito, "Color Universal Design", 2002).
 */
final class ChartStyle {
    static final Font TITLE_FONT = new Font("SansSerif", Font.BOLD, 16);
    static final Font LABEL_FONT = new Font("SansSerif", Font.PLAIN, 13);
    static final Font TICK_FONT = new Font("SansSerif", Font.PLAIN, 11);
    static final Font NOTE_FONT = new Font("SansSerif", Font.PLAIN, 10);
    static final Color GRID = new Color(0xDD, 0xDD, 0xDD);
    static final Stroke LINE = new BasicStroke(2f);
    static final Stroke DASHED = new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f);

    private static final List<Color> PALETTE = List.of(
            new Color(0x00, 0x72, 0xB2), new Color(0xE6, 0x9F, 0x00), new Color(0x00, 0x9E, 0x73), new Color(0xD5, 0x5E, 0x00),
            new Color(0xCC, 0x79, 0xA7), new Color(0x56, 0xB4, 0xE9), new Color(0xF0, 0xE4, 0x42), new Color(0x00, 0x00, 0x00));

    private ChartStyle() {
    }

    /** The colour of the i-th series; set on every renderer so that panels of one chart agree. */
    static Color color(int index) {
        return PALETTE.get(index % PALETTE.size());
    }

    static JFreeChart chart(String title, Plot plot, boolean legend) {
        JFreeChart chart = new JFreeChart(title, TITLE_FONT, plot, legend);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(6, 6, 6, 12));
        LegendTitle legendTitle = chart.getLegend();
        if (legendTitle != null) {
            legendTitle.setItemFont(LABEL_FONT);
            legendTitle.setFrame(org.jfree.chart.block.BlockBorder.NONE);
        }
        return chart;
    }

    static NumberAxis numberAxis(String label) {
        NumberAxis axis = new NumberAxis(label);
        axis.setAutoRangeIncludesZero(false);
        font(axis);
        return axis;
    }

    static CategoryAxis categoryAxis(String label) {
        CategoryAxis axis = new CategoryAxis(label);
        font(axis);
        return axis;
    }

    static <A extends Axis> A font(A axis) {
        axis.setLabelFont(LABEL_FONT);
        axis.setTickLabelFont(TICK_FONT);
        return axis;
    }

    static XYPlot plain(XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
        plot.setOutlineVisible(false);
        return plot;
    }

    static CategoryPlot plain(CategoryPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(GRID);
        plot.setOutlineVisible(false);
        return plot;
    }
}
