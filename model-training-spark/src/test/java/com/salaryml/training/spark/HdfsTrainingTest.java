package com.salaryml.training.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.salaryml.artifact.Model;
import com.salaryml.artifact.format.ModelLoader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training data on HDFS, as in a data lake: a one-node HDFS in this JVM, the hiring data written to it, and the
 * Spark trainer reading it by its hdfs:// URI, with the schema file on the driver's own disk.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HdfsTrainingTest {

    private static final Path HIRING = Path.of("../data/hiring.csv").toAbsolutePath().normalize();
    private static final Path SCHEMA = Path.of("../data/hiring.schema.json").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private MiniDFSCluster hdfs;

    @BeforeAll
    void startHdfs(@TempDir Path base) throws Exception {
        var configuration = new Configuration();
        configuration.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.toString());
        hdfs = new MiniDFSCluster.Builder(configuration).numDataNodes(1).build();
        hdfs.waitActive();
        FileSystem fs = hdfs.getFileSystem();
        fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(HIRING.toUri()),
                new org.apache.hadoop.fs.Path("/lake/hr/hiring.csv"));
        LocalSpark.session();
    }

    @AfterAll
    void stopHdfs() {
        if (hdfs != null) {
            hdfs.shutdown();
        }
    }

    @Test
    void trainsFromAnHdfsUriToTheSameModelAsFromTheLocalFile() throws Exception {
        String uri = "hdfs://localhost:" + hdfs.getNameNodePort() + "/lake/hr/hiring.csv";
        var err = new ByteArrayOutputStream();
        var command = new SparkTrainCommand(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        int fromHdfs = command.run(List.of("--data", uri, "--schema", SCHEMA.toString(), "--out",
                dir.resolve("hdfs").toString(), "--config", "../training.properties", "--quiet"));
        int fromDisk = command.run(List.of("--data", HIRING.toString(), "--out", dir.resolve("local").toString(),
                "--config", "../training.properties", "--quiet"));

        assertThat(fromHdfs).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(fromDisk).as(err.toString(StandardCharsets.UTF_8)).isZero();
        Model hdfsModel = (Model) ModelLoader.load(dir.resolve("hdfs/salary-model-1.0.0.json"));
        Model localModel = (Model) ModelLoader.load(dir.resolve("local/salary-model-1.0.0.json"));
        assertThat(hdfsModel.kind()).isEqualTo(localModel.kind());
        assertThat(hdfsModel.metadata().trainingData()).isEqualTo(localModel.metadata().trainingData());
        assertThat(hdfsModel.metadata().provenance().options()).containsEntry("data", uri);
    }
}
