package com.salaryml.web.page;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlTest {

    @Test
    void escapesTheFiveSpecialCharacters() {
        assertThat(Html.escape("&<>\"'")).isEqualTo("&amp;&lt;&gt;&quot;&#39;");
    }

    @Test
    void escapesMarkupInContext() {
        assertThat(Html.escape("<script>alert('x & y')</script>"))
                .isEqualTo("&lt;script&gt;alert(&#39;x &amp; y&#39;)&lt;/script&gt;");
    }

    @Test
    void leavesEverythingElseAlone() {
        String other = "plain text 0-9 /=`;:#%?!{}[]\\ é € 漢字 \uD83D\uDE00 \t\n";

        assertThat(Html.escape(other)).isEqualTo(other);
        assertThat(Html.escape("")).isEmpty();
    }

    @Test
    void doesNotDoubleUnescapeOrSkipExistingEntities() {
        assertThat(Html.escape("&amp;")).isEqualTo("&amp;amp;");
    }

    @Test
    void textIsEscaped() {
        assertThat(new Html().text("<b>\"Tom\" & 'Jerry'</b>").toString())
                .isEqualTo("&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;");
    }

    @Test
    void attrWritesASpaceTheNameAndTheEscapedValueInDoubleQuotes() {
        assertThat(new Html().attr("value", "\" onfocus=\"alert(1)").toString())
                .isEqualTo(" value=\"&quot; onfocus=&quot;alert(1)\"");
        assertThat(new Html().attr("title", "it's <fine> & done").toString())
                .isEqualTo(" title=\"it&#39;s &lt;fine&gt; &amp; done\"");
    }

    @Test
    void rawIsWrittenAsIs() {
        assertThat(new Html().raw("<p class=\"x\">&amp;</p>").toString()).isEqualTo("<p class=\"x\">&amp;</p>");
    }

    @Test
    void partsAreAppendedInOrder() {
        String html = new Html().raw("<a").attr("href", "#a&b").raw(">").text("1 < 2").raw("</a>").toString();

        assertThat(html).isEqualTo("<a href=\"#a&amp;b\">1 &lt; 2</a>");
    }
}
