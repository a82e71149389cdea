package io.dime.backend.gguf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HalfFloatTest {

    @Test
    void exactValuesHaveTheirKnownBitPatterns() {
        assertEquals((short) 0x3c00, HalfFloat.fromFloat(1.0f));
        assertEquals((short) 0xc000, HalfFloat.fromFloat(-2.0f));
        assertEquals((short) 0x7bff, HalfFloat.fromFloat(65504f), "largest finite half");
        assertEquals((short) 0x0001, HalfFloat.fromFloat(0x1p-24f), "smallest subnormal half");
        assertEquals((short) 0x0000, HalfFloat.fromFloat(0f));
        assertEquals((short) 0x8000, HalfFloat.fromFloat(-0f));
    }

    @Test
    void outOfRangeValuesBecomeInfinityOrZero() {
        assertEquals((short) 0x7c00, HalfFloat.fromFloat(70_000f));
        assertEquals((short) 0xfc00, HalfFloat.fromFloat(Float.NEGATIVE_INFINITY));
        assertEquals((short) 0x0000, HalfFloat.fromFloat(1e-10f));
        assertTrue(Float.isNaN(HalfFloat.toFloat(HalfFloat.fromFloat(Float.NaN))));
    }

    @Test
    void roundsToNearestEven() {
        // 1 + 2^-11 lies halfway between 1 and the next half (1 + 2^-10): ties go to the even one, 1.
        assertEquals((short) 0x3c00, HalfFloat.fromFloat(1f + 0x1p-11f));
        // just above halfway rounds up
        assertEquals((short) 0x3c01, HalfFloat.fromFloat(1f + 0x1p-11f + 0x1p-20f));
    }

    @Test
    void everyHalfSurvivesARoundTripThroughFloat() {
        for (int bits = 0; bits < 0x10000; bits++) {
            short half = (short) bits;
            float value = HalfFloat.toFloat(half);
            if (!Float.isNaN(value)) {
                assertEquals(half, HalfFloat.fromFloat(value), "half 0x" + Integer.toHexString(bits));
            }
        }
    }
}
