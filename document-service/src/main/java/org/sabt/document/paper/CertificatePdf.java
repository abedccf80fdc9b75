package org.sabt.document.paper;

import com.openhtmltopdf.pdfboxout.PDFontSupplier;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentCatalog;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.PDEmbeddedFilesNameTreeNode;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Renders a certificate as PDF/A-3u: the layout of its type (tg and ru side by side), the registration, the office,
 * the registrar, the blank, the issue date and the QR; every glyph from DejaVu (which has every Tajik letter), embedded;
 * the signed token attached as a file, so software can read it without scanning.
 */
public final class CertificatePdf {

    /** Everything printed besides the act's own rows. */
    public record Paper(PaperContent content, String registrationNumber, LocalDate registrationDate, String officeTg,
                        String officeRu, String registrar, String blankSeries, Integer blankNumber, LocalDate issuedOn,
                        String token, String link, QrCode qr) {
    }

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd.MM.yyyy");
    private static final String FONT = "DejaVu Sans";
    private static final byte[] REGULAR = font("DejaVuSans.ttf");
    private static final byte[] BOLD = font("DejaVuSans-Bold.ttf");
    private static final byte[] SRGB = ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData();
    public static final String TOKEN_FILE = "certificate-token.txt";

    public static byte[] render(Paper paper) {
        Fonts fonts = Fonts.take();
        try (PDDocument doc = new PDDocument()) {
            PdfRendererBuilder builder = new PdfRendererBuilder();
            builder.useFastMode();
            builder.usePDDocument(doc);
            builder.usePdfAConformance(PdfRendererBuilder.PdfAConformance.PDFA_3_U);
            builder.useColorProfile(SRGB);
            // Embedded as subsets of what this certificate prints, from the faces parsed once (the parse of two 700 KB
            // TrueType files was an eighth of a certificate's CPU).
            builder.useFont(new PDFontSupplier(PDType0Font.load(doc, fonts.regular, true)), FONT, 400,
                    PdfRendererBuilder.FontStyle.NORMAL, true);
            builder.useFont(new PDFontSupplier(PDType0Font.load(doc, fonts.bold, true)), FONT, 700,
                    PdfRendererBuilder.FontStyle.NORMAL, true);
            builder.withHtmlContent(html(paper), null);
            builder.buildPdfRenderer().createPDFKeepOpen();
            // The token joins the rendered document before its one save (it was saved, parsed again and saved again).
            attachToken(doc, paper.token(), paper.issuedOn());
            ByteArrayOutputStream pdf = new ByteArrayOutputStream(64 * 1024);
            doc.save(pdf);
            return pdf.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            fonts.release();
        }
    }

    /**
     * DejaVu's regular and bold faces, parsed: one pair per certificate rendered at the same time (a parsed font reads
     * its tables lazily and is not for two threads at once), kept for the next. A pair holds about 14 MB of heap once
     * its glyphs are read, so no more are kept than the owed certificates' default lanes (2): a third certificate
     * rendered at the same time parses its own and lets them go.
     */
    private static final class Fonts {
        private static final int KEPT = 2;
        private static final ConcurrentLinkedQueue<Fonts> IDLE = new ConcurrentLinkedQueue<>();

        final TrueTypeFont regular = parse(REGULAR);
        final TrueTypeFont bold = parse(BOLD);

        static Fonts take() {
            Fonts idle = IDLE.poll();
            return idle != null ? idle : new Fonts();
        }

        void release() {
            if (IDLE.size() < KEPT) {
                IDLE.add(this);
            }
        }

        private static TrueTypeFont parse(byte[] file) {
            try {
                return new TTFParser().parse(new RandomAccessReadBuffer(file));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static String html(Paper p) {
        PaperContent c = p.content();
        StringBuilder rows = new StringBuilder();
        for (PaperContent.Row r : c.rows()) {
            boolean heading = r.valueTg().isEmpty();
            rows.append(heading ? "<tr class=\"h\">" : "<tr>")
                    .append("<td class=\"l\">").append(esc(r.labelTg())).append("</td>")
                    .append("<td class=\"v\">").append(esc(r.valueTg())).append("</td>")
                    .append("<td class=\"v\">").append(esc(r.valueRu())).append("</td>")
                    .append("<td class=\"l\">").append(esc(r.labelRu())).append("</td></tr>\n");
        }
        String blank = p.blankSeries() == null ? "—" : p.blankSeries() + " № " + "%07d".formatted(p.blankNumber());
        String issued = DATE.format(p.issuedOn());
        return """
                <!DOCTYPE html>
                <html lang="tg"><head><meta charset="UTF-8"/><title>%s %s</title>
                <style>
                @page { size: A4; margin: 14mm; }
                body { font-family: '%s'; font-size: 9.5pt; color: #000; }
                .state { text-align: center; font-size: 10pt; }
                h1 { text-align: center; font-size: 12.5pt; margin: 3mm 0 0 0; }
                h2 { text-align: center; font-size: 11pt; margin: 1mm 0 4mm 0; }
                table { width: 100%%; border-collapse: collapse; }
                td { padding: 1.1mm 1.5mm; border-bottom: 0.3pt solid #888; vertical-align: top; }
                td.l { width: 22%%; color: #333; font-size: 8.5pt; }
                td.v { width: 28%%; font-weight: bold; }
                tr.h td { border-bottom: 0.8pt solid #000; font-weight: bold; padding-top: 3mm; }
                .foot td { border: none; }
                .qr { width: 39mm; height: 39mm; }
                .link { font-size: 6.5pt; word-wrap: break-word; }
                </style></head><body>
                <div class="state">ҶУМҲУРИИ ТОҶИКИСТОН — РЕСПУБЛИКА ТАДЖИКИСТАН</div>
                <h1>%s</h1><h2>%s</h2>
                <table>
                %s
                <tr class="h"><td class="l">Сабти санад</td><td class="v"></td><td class="v"></td><td class="l">Регистрация</td></tr>
                <tr><td class="l">Рақами санади қайд</td><td class="v">%s</td><td class="v">%s</td><td class="l">Номер записи акта</td></tr>
                <tr><td class="l">Санаи қайд</td><td class="v">%s</td><td class="v">%s</td><td class="l">Дата регистрации</td></tr>
                <tr><td class="l">Мақомоти САҲШ</td><td class="v">%s</td><td class="v">%s</td><td class="l">Орган ЗАГС</td></tr>
                <tr><td class="l">Мутасаддӣ</td><td class="v">%s</td><td class="v">%s</td><td class="l">Должностное лицо</td></tr>
                <tr><td class="l">Санаи додан</td><td class="v">%s</td><td class="v">%s</td><td class="l">Дата выдачи</td></tr>
                <tr><td class="l">Силсила ва рақами варақа</td><td class="v">%s</td><td class="v">%s</td><td class="l">Серия и номер бланка</td></tr>
                </table>
                <table class="foot"><tr>
                <td><img class="qr" src="data:image/png;base64,%s" alt="QR"/></td>
                <td><p>Ҳақиқӣ будани шаҳодатномаро бо телефон тафтиш кунед: QR-ро скан кунед.</p>
                <p>Проверьте подлинность свидетельства телефоном: отсканируйте QR-код.</p>
                <p class="link">%s</p></td></tr></table>
                </body></html>
                """.formatted(esc(c.titleRu()), esc(p.registrationNumber()), FONT, esc(c.titleTg()), esc(c.titleRu()),
                rows, esc(p.registrationNumber()), esc(p.registrationNumber()),
                DATE.format(p.registrationDate()), DATE.format(p.registrationDate()), esc(p.officeTg()), esc(p.officeRu()),
                esc(p.registrar()), esc(p.registrar()), issued, issued, esc(blank), esc(blank),
                Base64.getEncoder().encodeToString(p.qr().png()), esc(p.link()));
    }

    /** PDF/A-3 lets a file ride along if the catalog names it in /AF with its relationship to the document. */
    private static void attachToken(PDDocument doc, String token, LocalDate issuedOn) throws IOException {
        PDEmbeddedFile file = new PDEmbeddedFile(doc, new ByteArrayInputStream(token.getBytes(StandardCharsets.US_ASCII)));
        file.setSubtype("text/plain");
        file.setSize(token.length());
        Calendar at = GregorianCalendar.from(issuedOn.atStartOfDay(ZoneOffset.UTC));
        at.setTimeZone(TimeZone.getTimeZone("UTC"));
        file.setCreationDate(at);
        file.setModDate(at);
        PDComplexFileSpecification spec = new PDComplexFileSpecification();
        spec.setFile(TOKEN_FILE);
        spec.setFileUnicode(TOKEN_FILE);
        spec.setFileDescription("The certificate's signed token (the QR's content): COSE_Sign1, deflated, base32");
        spec.setEmbeddedFile(file);
        spec.setEmbeddedFileUnicode(file);
        spec.getCOSObject().setName(COSName.getPDFName("AFRelationship"), "Supplement");
        PDEmbeddedFilesNameTreeNode tree = new PDEmbeddedFilesNameTreeNode();
        tree.setNames(Map.of(TOKEN_FILE, spec));
        PDDocumentCatalog catalog = doc.getDocumentCatalog();
        PDDocumentNameDictionary names = new PDDocumentNameDictionary(catalog);
        names.setEmbeddedFiles(tree);
        catalog.setNames(names);
        COSArray af = new COSArray();
        af.add(spec);
        catalog.getCOSObject().setItem(COSName.getPDFName("AF"), af);
    }

    private static String esc(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static byte[] font(String file) {
        try (InputStream in = CertificatePdf.class.getResourceAsStream("/net/sf/jasperreports/fonts/dejavu/" + file)) {
            if (in == null) {
                throw new IllegalStateException("the font " + file + " is missing (net.sf.jasperreports:jasperreports-fonts)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private CertificatePdf() {
    }
}
