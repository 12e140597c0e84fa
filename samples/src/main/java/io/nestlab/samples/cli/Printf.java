package io.nestlab.samples.cli;

import java.io.PrintWriter;
import java.util.Formattable;

/**
 * {@code printf} for the offline commands' tables: {@code %s} and {@code %d} with an optional
 * {@code -} and width, {@code %n} and {@code %%}, as {@link java.util.Formatter} prints them.
 * Anything else goes to {@code String.format}. The JDK's formatter costs ~5 ms on its first use
 * (its parser, locale data and decimal symbols), a tenth of {@code estimate}'s own time
 * (docs/design/0200). Numbers are printed with ASCII digits whatever the locale.
 */
final class Printf {
  private Printf() {}

  /** Prints {@code format} with {@code args} to {@code out}. */
  static void to(PrintWriter out, String format, Object... args) {
    out.print(format(format, args));
  }

  /** {@code String.format(format, args)} for the conversions above. */
  static String format(String format, Object... args) {
    StringBuilder b = new StringBuilder(format.length() + 32 * args.length);
    int next = 0;
    int i = 0;
    while (i < format.length()) {
      char c = format.charAt(i++);
      if (c != '%') {
        b.append(c);
        continue;
      }
      boolean left = i < format.length() && format.charAt(i) == '-';
      if (left) {
        i++;
      }
      int width = 0;
      while (i < format.length() && Character.isDigit(format.charAt(i))) {
        width = width * 10 + (format.charAt(i++) - '0');
      }
      char conversion = i < format.length() ? format.charAt(i++) : 0;
      String text;
      if (left && width == 0) {
        return String.format(format, args); // "%-s": the JDK's error
      } else if (conversion == 'n' && !left && width == 0) {
        text = System.lineSeparator();
      } else if (conversion == '%' && !left && width == 0) {
        text = "%";
      } else if ((conversion == 's' || conversion == 'd')
          && next < args.length
          && simple(args[next], conversion)) {
        text = String.valueOf(args[next++]);
      } else {
        return String.format(format, args); // not one of ours: the JDK's formatter, unchanged
      }
      if (left) {
        b.append(text);
      }
      for (int pad = text.length(); pad < width; pad++) {
        b.append(' ');
      }
      if (!left) {
        b.append(text);
      }
    }
    return b.toString();
  }

  /** Whether {@code arg} prints under {@code conversion} as its {@code String.valueOf}. */
  private static boolean simple(Object arg, char conversion) {
    if (conversion == 's') {
      return !(arg instanceof Formattable);
    }
    return arg instanceof Integer
        || arg instanceof Long
        || arg instanceof Short
        || arg instanceof Byte;
  }
}
