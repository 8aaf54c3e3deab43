package com.salaryml.training.spark;

import com.salaryml.artifact.metadata.FeatureStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * The features' and the target's minimum, maximum, mean and standard deviation, in one pass; the target last.
 * Shared by every Spark trainer.
 */
record SparkSummary(double[] min, double[] max, double[] means, double[] std) {

    double targetMean() {
        return means[means.length - 1];
    }

    /**
     * Each feature's statistics as the Smile trainer records them: minimum, maximum, mean (kept inside the two,
     * which rounding could leave), standard deviation and quantile bins. Shared by every Spark trainer.
     */
    static Map<String, FeatureStats> featureStats(Dataset<Row> rows, List<String> names, SparkSummary summary, long n,
                                                  int bins) {
        var stats = new LinkedHashMap<String, FeatureStats>();
        for (int j = 0; j < names.size(); j++) {
            String name = names.get(j);
            stats.put(name, new FeatureStats(summary.min()[j], summary.max()[j],
                    Math.min(summary.max()[j], Math.max(summary.min()[j], summary.means()[j])), summary.std()[j],
                    OrderStatistics.distribution(rows.select(name), n, bins)));
        }
        return stats;
    }

    static SparkSummary of(Dataset<Row> rows, List<String> features, String target) {
        var names = new ArrayList<>(features);
        names.add(target);
        var columns = new ArrayList<Column>();
        for (String name : names) {
            columns.add(functions.min(name));
            columns.add(functions.max(name));
            columns.add(functions.avg(name));
            columns.add(functions.stddev_samp(name));
        }
        Row row = rows.agg(columns.get(0), columns.subList(1, columns.size()).toArray(Column[]::new)).first();
        int m = names.size();
        double[] min = new double[m];
        double[] max = new double[m];
        double[] mean = new double[m];
        double[] std = new double[m];
        for (int j = 0; j < m; j++) {
            min[j] = row.getDouble(4 * j);
            max[j] = row.getDouble(4 * j + 1);
            mean[j] = row.getDouble(4 * j + 2);
            std[j] = row.getDouble(4 * j + 3);
        }
        return new SparkSummary(min, max, mean, std);
    }
}
