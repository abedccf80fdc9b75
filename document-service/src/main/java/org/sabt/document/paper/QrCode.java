package org.sabt.document.paper;

import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import com.google.zxing.qrcode.encoder.Encoder;
import com.google.zxing.qrcode.encoder.QRCode;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The certificate's QR: error correction Q (a quarter of it may be stained or torn), the link's base32 fragment in
 * alphanumeric mode (ZXing's compact encoding mixes modes), drawn as a black-and-white PNG with a 4-module margin.
 */
public record QrCode(int version, byte[] png) {

    /**
     * Pixels per module. The PDF scales the image to its printed size (39 mm) without smoothing, so more pixels add
     * nothing to the print but work: at 8 pixels a module, drawing, encoding and re-embedding the PNG took a quarter of
     * document-service's CPU per certificate (JFR); at 2 its cost is a sixteenth of that.
     */
    private static final int MODULE_PIXELS = 2;
    private static final int MARGIN = 4;

    public static QrCode of(String content) {
        QRCode code;
        try {
            code = Encoder.encode(content, ErrorCorrectionLevel.Q, Map.of(EncodeHintType.QR_COMPACT, true));
        } catch (WriterException e) {
            throw new IllegalArgumentException("the QR cannot hold " + content.length() + " characters", e);
        }
        ByteMatrix matrix = code.getMatrix();
        int side = (matrix.getWidth() + 2 * MARGIN) * MODULE_PIXELS;
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_BINARY); // 0 black, 1 white
        WritableRaster raster = image.getRaster();
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                int mx = x / MODULE_PIXELS - MARGIN;
                int my = y / MODULE_PIXELS - MARGIN;
                boolean dark = mx >= 0 && my >= 0 && mx < matrix.getWidth() && my < matrix.getHeight()
                        && matrix.get(mx, my) == 1;
                raster.setSample(x, y, 0, dark ? 0 : 1);
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new QrCode(code.getVersion().getVersionNumber(), png.toByteArray());
    }
}
