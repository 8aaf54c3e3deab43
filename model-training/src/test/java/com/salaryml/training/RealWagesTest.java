package com.salaryml.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real wage data sets read as a data scientist's export: every row, every level declared, headers mapped. */
class RealWagesTest {

    @TempDir
    Path dir;

    @Test
    void everyRowOfTheThreeExportsIsReadWithItsSchema() throws Exception {
        RealWages.Files3 files = RealWages.export(dir);

        assertThat(read(files.academics()).rows()).isEqualTo(397);
        assertThat(read(files.cps1985()).rows()).isEqualTo(534);
        assertThat(read(files.cps1988()).rows()).isEqualTo(28_155);
    }

    private static Dataset read(Path csv) throws Exception {
        return HiringCsv.read(csv, CsvFormat.DEFAULT, DataSchema.read(DataSchema.besideData(csv)), false);
    }
}
