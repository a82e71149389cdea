package io.dime.reports;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.labels.XYItemLabelGenerator;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import tech.tablesaw.api.Table;

/**
 * How a replay's error grows with load: each level's error (simulated against measured) against
 * how loaded the server was at that level, measured. The load of a level is the mean number of
 * its measured requests in flight when each of them was sent, itself included: for a closed loop
 * of N clients about N, for Poisson arrivals the time-averaged concurrency (arrivals see time
 * averages). It is read off the requests, so a level observed in rounds, with idle stretches
 * between them, is not diluted by them. Warm-up requests are not in replay-requests.csv, so a
 * round's first requests count a little low.
 */
final class ReplayLoadChart {
    private static final List<String> METRICS = List.of("e2e_ms.p50", "ttft_ms.p50", "tpot_ms.p50", "e2e_ms.p99");

    private ReplayLoadChart() {
    }

    /** Each level's load, from replay-requests.csv (level, send_s, measured_e2e_ms). */
    static Map<String, Double> load(Table requests) {
        Map<String, Double> load = new LinkedHashMap<>();
        for (String level : requests.stringColumn("level").asList().stream().distinct().toList()) {
            Table rows = requests.where(requests.stringColumn("level").isEqualTo(level));
            double[] send = rows.numberColumn("send_s").asDoubleArray();
            double[] e2e = rows.numberColumn("measured_e2e_ms").asDoubleArray();
            double total = 0;
            int counted = 0;
            for (int i = 0; i < send.length; i++) {
                int inFlight = 0;
                for (int j = 0; j < send.length; j++) {
                    if (!Double.isNaN(e2e[j]) && send[j] <= send[i] && send[i] < send[j] + e2e[j] / 1000) {
                        inFlight++;
                    }
                }
                if (inFlight > 0) {
                    total += inFlight;
                    counted++;
                }
            }
            load.put(level, counted == 0 ? Double.NaN : total / counted);
        }
        return load;
    }

    /** Error in percent against load, one series per statistic, each point named by its level. */
    static JFreeChart errorByLoad(Table comparison, Table requests) {
        Map<String, Double> load = load(requests);
        XYSeriesCollection data = new XYSeriesCollection();
        Map<Integer, List<String>> labels = new LinkedHashMap<>();
        for (String metric : METRICS) {
            XYSeries series = new XYSeries(metric.replace("_ms.", " "), false, true);
            java.util.List<String> names = new java.util.ArrayList<>();
            for (int r = 0; r < comparison.rowCount(); r++) {
                String level = comparison.stringColumn("level").get(r);
                double error = comparison.numberColumn("error_percent").getDouble(r);
                Double x = load.get(level);
                if (comparison.stringColumn("metric").get(r).equals(metric) && x != null && !x.isNaN() && Double.isFinite(error)) {
                    series.add(x.doubleValue(), error);
                    names.add(level);
                }
            }
            if (!series.isEmpty()) {
                labels.put(data.getSeriesCount(), names);
                data.addSeries(series);
            }
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesPaint(i, ChartStyle.color(i));
        }
        XYItemLabelGenerator byLevel = (dataset, series, item) -> series == 0 ? labels.get(series).get(item) : null;
        renderer.setDefaultItemLabelGenerator(byLevel);
        renderer.setDefaultItemLabelsVisible(true);
        renderer.setDefaultItemLabelFont(ChartStyle.NOTE_FONT);
        XYPlot plot = ChartStyle.plain(new XYPlot(data, ChartStyle.numberAxis("load: measured requests in flight at each send"),
                ChartStyle.numberAxis("error, simulated against measured (%)"), renderer));
        plot.addRangeMarker(new ValueMarker(0, ChartStyle.GRID.darker(), ChartStyle.LINE));
        for (double band : new double[] {-10, 10}) {
            plot.addRangeMarker(new ValueMarker(band, ChartStyle.GRID.darker(), ChartStyle.DASHED));
        }
        return ChartStyle.chart("Replay: error by load (dashed: ±10%)", plot, true);
    }
}
