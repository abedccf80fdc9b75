package org.sabt.document;

import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/** A certificate token read back by hand, as an outside verifier would: base32, then raw DEFLATE, to the COSE bytes. */
public final class TokenText {

    public static byte[] cose(String token) {
        return inflate(base32(token), true);
    }

    public static byte[] base32(String text) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int buffer = 0;
        int bits = 0;
        for (char c : text.toCharArray()) {
            buffer = (buffer << 5) | alphabet.indexOf(c);
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        return out.toByteArray();
    }

    /** Raw DEFLATE (the token) or ZLIB (the status list). */
    public static byte[] inflate(byte[] data, boolean raw) {
        Inflater inflater = new Inflater(raw);
        inflater.setInput(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            while (!inflater.finished() && !inflater.needsInput()) {
                out.write(buffer, 0, inflater.inflate(buffer));
            }
        } catch (DataFormatException e) {
            throw new IllegalArgumentException(e);
        } finally {
            inflater.end();
        }
        return out.toByteArray();
    }

    private TokenText() {
    }
}
