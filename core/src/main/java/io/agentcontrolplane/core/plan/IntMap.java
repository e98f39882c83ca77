package io.agentcontrolplane.core.plan;

import java.util.Arrays;

/**
 * A map from positive ints (issue and PR numbers) to values, with open addressing and no boxing: the planner
 * indexes every open issue and PR every heartbeat.
 */
final class IntMap<V> {
    private int[] keys;
    private Object[] values;
    private int size;

    IntMap(int expected) {
        int capacity = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
        keys = new int[capacity];
        values = new Object[capacity];
    }

    /** Keys must be positive (0 marks a free slot). */
    void put(int key, V value) {
        if (key <= 0) {
            throw new IllegalArgumentException("key must be positive, got " + key);
        }
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        int mask = keys.length - 1;
        for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
            if (keys[i] == 0) {
                keys[i] = key;
                values[i] = value;
                size++;
                return;
            }
            if (keys[i] == key) {
                values[i] = value;
                return;
            }
        }
    }

    @SuppressWarnings("unchecked")
    V get(int key) {
        int mask = keys.length - 1;
        for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
            int k = keys[i];
            if (k == key) {
                return (V) values[i];
            }
            if (k == 0) {
                return null;
            }
        }
    }

    /** Keeps the smaller of the present and the given value. */
    void putMin(int key, V value, java.util.Comparator<V> order) {
        V present = get(key);
        if (present == null || order.compare(value, present) < 0) {
            put(key, value);
        }
    }

    private void grow() {
        int[] oldKeys = keys;
        Object[] oldValues = values;
        keys = new int[oldKeys.length * 2];
        values = new Object[oldKeys.length * 2];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != 0) {
                @SuppressWarnings("unchecked")
                V value = (V) oldValues[i];
                put(oldKeys[i], value);
            }
        }
    }

    private static int mix(int key) {
        return key * 0x9E3779B1 >>> 7 ^ key;
    }

    @Override
    public String toString() {
        return "IntMap[size=" + size + ", capacity=" + keys.length + ", keys=" + Arrays.toString(keys) + "]";
    }
}
