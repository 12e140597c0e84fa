package io.nestlab.catalog.internal;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * An unmodifiable map from strings, held as two arrays in ascending key order and searched by
 * bisection: built in one pass from a map already in order, without hashing or tree inserts (the
 * embedded catalog makes 428 of them at every CLI start; docs/design/0200). Equality and hash code
 * are {@link Map}'s.
 */
final class SortedStringMap<V> extends AbstractMap<String, V> {
  private final String[] keys;
  private final Object[] values;

  /** {@code map}, whose keys must be strictly ascending and not null. */
  SortedStringMap(Map<String, V> map) {
    keys = new String[map.size()];
    values = new Object[keys.length];
    int i = 0;
    for (Map.Entry<String, V> e : map.entrySet()) {
      keys[i] = e.getKey();
      values[i++] = e.getValue();
    }
  }

  /** {@code keys} (strictly ascending, not null) to {@code values}; the arrays are taken. */
  SortedStringMap(String[] keys, Object[] values) {
    this.keys = keys;
    this.values = values;
  }

  @Override
  public int size() {
    return keys.length;
  }

  @Override
  public boolean containsKey(Object key) {
    return key instanceof String && Arrays.binarySearch(keys, key) >= 0;
  }

  @Override
  public V get(Object key) {
    int i = key instanceof String ? Arrays.binarySearch(keys, key) : -1;
    return i >= 0 ? value(i) : null;
  }

  @Override
  public Set<Map.Entry<String, V>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public int size() {
        return keys.length;
      }

      @Override
      public Iterator<Map.Entry<String, V>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < keys.length;
          }

          @Override
          public Map.Entry<String, V> next() {
            if (next >= keys.length) {
              throw new NoSuchElementException();
            }
            int i = next++;
            return new AbstractMap.SimpleImmutableEntry<>(keys[i], value(i));
          }
        };
      }
    };
  }

  @SuppressWarnings("unchecked")
  private V value(int i) {
    return (V) values[i];
  }
}
