package kdlab.engine.report;

/** Text that goes into Markdown tables. */
final class Markdown {
    private Markdown() {}

    /**
     * @param text any text
     * @return it safe inside a table cell: pipes escaped, line breaks made spaces
     */
    static String cell(String text) {
        return text == null ? "" : text.replace("|", "\\|").replace('\n', ' ').replace('\r', ' ');
    }
}
