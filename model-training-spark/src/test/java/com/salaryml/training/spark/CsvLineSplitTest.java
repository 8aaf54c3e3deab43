package com.salaryml.training.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** An unquoted line split by hand gives the cells the CSV parser gives, as the checks see them (stripped). */
class CsvLineSplitTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "2,9,6,52000 | ,",
        "' 2 , 9 ,6 , 52000 ' | ,",
        "2,9,6, | ,",
        "',,,' | ,",
        "2,5;9;6;52000 | ;",
        "'2\t9\t6\t52000' | '\t'",
        "2,9,6,52000,extra, | ,",
        "x | ,",
    })
    void splitsAsTheCsvParserDoes(String line, char delimiter) throws Exception {
        var reader = CsvMapper.builder().enable(CsvParser.Feature.WRAP_AS_ARRAY)
                .enable(CsvParser.Feature.TRIM_SPACES).build()
                .readerFor(String[].class).with(CsvSchema.emptySchema().withColumnSeparator(delimiter));
        String[] parsed;
        try (MappingIterator<String[]> rows = reader.readValues(line)) {
            parsed = rows.nextValue();
        }

        String[] split = CheckLines.split(line, delimiter);

        assertThat(split).containsExactly(Arrays.stream(parsed).map(String::strip).toArray(String[]::new));
    }
}
