package org.sabt.notification.sms;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A text as the SMSC takes it: in the GSM default alphabet (data coding 0) when every character is one that alphabet
 * and ASCII write alike, otherwise in UCS-2 (data coding 8: Cyrillic and Tajik letters); split into concatenated
 * segments with a user data header (UDH, 8-bit reference) when it does not fit one: 160 / 153 characters per segment
 * in GSM, 70 / 67 in UCS-2.
 */
public record SmsText(boolean ucs2, List<byte[]> segments) {

    /** Characters at the same code in GSM 03.38's default alphabet and in ASCII, so one octet each, as ASCII. */
    private static final Pattern GSM_AS_ASCII = Pattern.compile("[A-Za-z0-9 \\n\\r!\"#%&'()*+,\\-./:;<=>?]*");
    public static final byte DATA_CODING_GSM = 0x00;
    public static final byte DATA_CODING_UCS2 = 0x08;

    public static SmsText of(String text, int reference) {
        boolean gsm = GSM_AS_ASCII.matcher(text).matches();
        int single = gsm ? 160 : 70;
        int part = gsm ? 153 : 67;
        List<String> chunks = new ArrayList<>();
        if (text.length() <= single) {
            chunks.add(text);
        } else {
            int i = 0;
            while (i < text.length()) {
                int end = Math.min(text.length(), i + part);
                if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
                    end--; // a surrogate pair stays in one segment
                }
                chunks.add(text.substring(i, end));
                i = end;
            }
        }
        if (chunks.size() > 255) {
            throw new IllegalArgumentException("an SMS of " + chunks.size() + " segments");
        }
        List<byte[]> segments = new ArrayList<>();
        for (int seq = 1; seq <= chunks.size(); seq++) {
            byte[] payload = chunks.get(seq - 1).getBytes(gsm ? StandardCharsets.US_ASCII : StandardCharsets.UTF_16BE);
            if (chunks.size() == 1) {
                segments.add(payload);
                continue;
            }
            byte[] withHeader = new byte[6 + payload.length];
            withHeader[0] = 0x05; // header length
            withHeader[1] = 0x00; // concatenated short messages, 8-bit reference
            withHeader[2] = 0x03;
            withHeader[3] = (byte) reference;
            withHeader[4] = (byte) chunks.size();
            withHeader[5] = (byte) seq;
            System.arraycopy(payload, 0, withHeader, 6, payload.length);
            segments.add(withHeader);
        }
        return new SmsText(!gsm, List.copyOf(segments));
    }

    public byte dataCoding() {
        return ucs2 ? DATA_CODING_UCS2 : DATA_CODING_GSM;
    }

    public boolean concatenated() {
        return segments.size() > 1;
    }

    /**
     * A phone number in international format without the plus (992 and nine digits), or null if it is not one: spaces,
     * dashes, brackets, a leading + or 00 are dropped; a national number of 9 digits gets the country code.
     */
    public static String international(String phone, String countryCode) {
        if (phone == null) {
            return null;
        }
        String digits = phone.replaceAll("[\\s\\-().]", "");
        if (digits.startsWith("+")) {
            digits = digits.substring(1);
        } else if (digits.startsWith("00")) {
            digits = digits.substring(2);
        } else if (digits.matches("\\d{9}")) {
            digits = countryCode + digits;
        }
        return digits.matches("[1-9]\\d{9,14}") ? digits : null;
    }
}
