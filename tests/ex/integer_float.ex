# Integer and Float parsing and printing, bases, rounding, big integers.
defmodule ExIntegerFloat do
  def main do
    {Integer.parse("42abc"), Integer.parse("-17"), Integer.parse("ff", 16), Integer.parse("x"),
     Integer.to_string(255, 2), Integer.to_string(-255, 16), Integer.digits(1234),
     Integer.undigits([1, 0, 1], 2), Integer.pow(3, 40), Integer.gcd(84, 36), Integer.mod(-7, 3),
     Integer.floor_div(-7, 2), Float.parse("3.25rest"), Float.parse("1e3"),
     Float.parse("nope"), Float.to_string(0.1), Float.to_string(1.0e20), Float.round(3.14159, 2),
     Float.ceil(2.1), Float.floor(-2.1), Float.ratio(0.75), round(2.5), trunc(-3.9),
     to_string(1.5), 2 ** 100, div(10, 3), rem(-10, 3), abs(-4.5), max(1, 2.0)}
  end
end
