package io.dime.backend.gguf;

/**
 * IEEE 754 binary16 conversion. Java 17 has no {@code Float.floatToFloat16} (it arrived in
 * Java 20), so this rounds to nearest-even by hand, including subnormals, infinities and NaN.
 */
final class HalfFloat {

    private HalfFloat() {
    }

    static short fromFloat(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int exponent = (bits >>> 23) & 0xff;
        int mantissa = bits & 0x7f_ffff;

        if (exponent == 0xff) { // infinity or NaN; keep NaN a (quiet) NaN
            return (short) (sign | 0x7c00 | (mantissa != 0 ? 0x200 : 0));
        }
        int halfExponent = exponent - 127 + 15;
        if (halfExponent >= 0x1f) { // too large: infinity
            return (short) (sign | 0x7c00);
        }
        if (halfExponent <= 0) { // subnormal half, or zero
            if (halfExponent < -10) {
                return (short) sign;
            }
            int fullMantissa = mantissa | 0x80_0000; // implicit leading one
            int shift = 14 - halfExponent;
            int half = fullMantissa >> shift;
            int remainder = fullMantissa & ((1 << shift) - 1);
            int halfway = 1 << (shift - 1);
            if (remainder > halfway || (remainder == halfway && (half & 1) != 0)) {
                half++;
            }
            return (short) (sign | half);
        }
        int half = (halfExponent << 10) | (mantissa >> 13);
        int remainder = mantissa & 0x1fff;
        if (remainder > 0x1000 || (remainder == 0x1000 && (half & 1) != 0)) {
            half++; // may carry into the exponent, which is the correct rounding up to infinity
        }
        return (short) (sign | half);
    }

    static float toFloat(short half) {
        int bits = half & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f80_0000 | (mantissa << 13));
        }
        if (exponent == 0) {
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
    }
}
