package org.sabt.document.paper;

import COSE.Message;
import COSE.MessageTag;
import COSE.OneKey;
import COSE.Sign1Message;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.ChecksumException;
import com.google.zxing.DecodeHintType;
import com.google.zxing.FormatException;
import com.google.zxing.NotFoundException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.upokecenter.cbor.CBORObject;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sabt.document.certificate.CertificateType;
import org.sabt.document.token.CertificateToken;
import org.sabt.document.token.Es256;
import org.sabt.document.token.TokenClaims;
import org.verapdf.gf.foundry.VeraGreenfieldFoundryProvider;
import org.verapdf.pdfa.Foundries;
import org.verapdf.pdfa.PDFAParser;
import org.verapdf.pdfa.PDFAValidator;
import org.verapdf.pdfa.flavours.PDFAFlavour;
import org.verapdf.pdfa.results.TestAssertion;
import org.verapdf.pdfa.results.ValidationResult;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The paper and its QR, checked by outside tools: veraPDF, PDFBox, ZXing and cose-java (another COSE implementation). */
class CertificatePaperTest {

    static KeyPair keys;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        keys = generator.generateKeyPair();
        VeraGreenfieldFoundryProvider.initialise();
    }

    static TokenClaims claims(PaperContent content, String series, Integer number) {
        return new TokenClaims(UUID.randomUUID(), "BIRTH", "CERTIFICATE", "BIR-KHT02-2026-000123",
                LocalDate.of(2026, 11, 25), content.eventDate(), content.persons(), series, number, 123_456,
                LocalDate.of(2026, 11, 26));
    }

    static String link(String token) {
        return "https://sabt.gov.tj/v#" + token;
    }

    @Test
    void a_full_birth_certificate_fits_a_version_18_qr_at_level_q_and_verifies_with_another_cose_library() throws Exception {
        PaperContent content = PaperContent.of(CertificateType.BIRTH, "BIRTH", Samples.birth());
        String token = CertificateToken.sign(claims(content, "II-ТҶ", 1234567), new CertificateToken.SigningKey("AbC123", keys.getPrivate()));
        QrCode qr = QrCode.of(link(token));
        System.out.printf("birth token: %d characters, QR version %d%n", token.length(), qr.version());
        assertThat(qr.version()).isLessThanOrEqualTo(18);

        byte[] cose = org.sabt.document.TokenText.cose(token);
        Sign1Message message = (Sign1Message) Message.DecodeFromBytes(cose, MessageTag.Sign1);
        assertThat(message.validate(new OneKey(keys.getPublic(), null))).isTrue();
        CBORObject payload = CBORObject.DecodeFromBytes(message.GetContent());
        assertThat(payload.get(4).AsString()).isEqualTo("BIR-KHT02-2026-000123");
        assertThat(payload.get(7).get(0).get(0).AsString()).isEqualTo(Samples.CHILD_SURNAME);
    }

    @Test
    void every_certificate_type_prints_in_both_languages_and_its_qr_is_at_most_version_18() throws Exception {
        StringBuilder sizes = new StringBuilder("QR versions (error correction Q):");
        for (var type : Samples.everyType().entrySet()) {
            for (CertificateType certificate : java.util.List.of(CertificateType.valueOf(type.getKey()), CertificateType.EXTRACT)) {
                PaperContent content = PaperContent.of(certificate, type.getKey(), type.getValue());
                TokenClaims c = new TokenClaims(UUID.randomUUID(), certificate.name(), certificate == CertificateType.EXTRACT
                        ? "EXTRACT" : "CERTIFICATE", "BIR-KHT02-2026-000123", LocalDate.of(2026, 11, 25), content.eventDate(),
                        content.persons(), "II-ТҶ", 1234567, 123_456, LocalDate.of(2026, 11, 26));
                String token = CertificateToken.sign(c, new CertificateToken.SigningKey("AbC123", keys.getPrivate()));
                QrCode qr = QrCode.of(link(token));
                sizes.append(' ').append(certificate == CertificateType.EXTRACT ? "extract of " + type.getKey() : type.getKey())
                        .append('=').append(qr.version());
                assertThat(qr.version()).as(certificate + " of " + type.getKey()).isLessThanOrEqualTo(18);
                assertThat(CertificateToken.verify(token, kid -> new Es256(keys.getPublic()))).isEqualTo(c);
                if (certificate != CertificateType.EXTRACT) {
                    byte[] pdf = CertificatePdf.render(new CertificatePdf.Paper(content, "X-KHT02-2026-000001",
                            LocalDate.of(2026, 11, 25), "САҲШ", "ЗАГС", "registrar", null, null, LocalDate.of(2026, 11, 26),
                            token, link(token), qr));
                    try (PDDocument doc = Loader.loadPDF(pdf)) {
                        String text = new PDFTextStripper().getText(doc);
                        assertThat(text).contains(content.titleTg(), content.titleRu(), content.persons().get(0).surname());
                    }
                }
            }
        }
        System.out.println(sizes);
    }

    @Test
    void the_pdf_is_pdf_a_3u_with_both_languages_and_a_qr_that_reads_back_to_the_token() throws Exception {
        PaperContent content = PaperContent.of(CertificateType.BIRTH, "BIRTH", Samples.birth());
        String token = CertificateToken.sign(claims(content, "II-ТҶ", 1234567), new CertificateToken.SigningKey("AbC123", keys.getPrivate()));
        QrCode qr = QrCode.of(link(token));
        byte[] pdf = CertificatePdf.render(new CertificatePdf.Paper(content, "BIR-KHT02-2026-000123", LocalDate.of(2026, 11, 25),
                "САҲШ шаҳри Хуҷанд", "ЗАГС города Худжанд", "registrar.kulob", "II-ТҶ", 1234567, LocalDate.of(2026, 11, 26),
                token, link(token), qr));

        try (PDFAParser parser = Foundries.defaultInstance().createParser(new ByteArrayInputStream(pdf))) {
            assertThat(parser.getFlavour()).isEqualTo(PDFAFlavour.PDFA_3_U);
            PDFAValidator validator = Foundries.defaultInstance().createValidator(parser.getFlavour(), false);
            ValidationResult result = validator.validate(parser);
            assertThat(result.getTestAssertions().stream().filter(a -> a.getStatus() == TestAssertion.Status.FAILED)
                    .map(a -> a.getRuleId().getClause() + " " + a.getMessage()).distinct().toList()).isEmpty();
            assertThat(result.isCompliant()).isTrue();
        }
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(doc);
            assertThat(text).contains("СВИДЕТЕЛЬСТВО О РОЖДЕНИИ", "ШАҲОДАТНОМА ДАР БОРАИ ТАВАЛЛУД", Samples.CHILD_SURNAME,
                    "Фаррухҷамшед", Samples.MOTHER_GIVEN, "BIR-KHT02-2026-000123", "II-ТҶ № 1234567", "Номер записи акта",
                    "Рақами санади қайд", "ЗАГС города Худжанд", "САҲШ шаҳри Хуҷанд", "20.11.2026");
            assertThat(qr(new PDFRenderer(doc))).isEqualTo(link(token));
            byte[] attached = doc.getDocumentCatalog().getNames().getEmbeddedFiles().getNames()
                    .get(CertificatePdf.TOKEN_FILE).getEmbeddedFile().toByteArray();
            assertThat(new String(attached)).isEqualTo(token);
        }
    }

    /**
     * The page's QR as ZXing reads it at a print resolution: 200 dpi, else 250 or 300. A resampled page's module grid
     * sometimes lands badly for ZXing's sampler at one resolution (CI failed once so at 200 dpi, with a random token).
     */
    private static String qr(PDFRenderer renderer) throws Exception {
        Exception last = null;
        for (int dpi : new int[] {200, 250, 300}) {
            try {
                BufferedImage page = renderer.renderImageWithDPI(0, dpi);
                return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(page))),
                        Map.of(DecodeHintType.TRY_HARDER, true)).getText();
            } catch (FormatException | ChecksumException | NotFoundException e) {
                last = e;
            }
        }
        throw last;
    }
}
