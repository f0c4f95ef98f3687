# Unicode text: graphemes (combining marks, emoji), codepoints, case mapping, lengths.
defmodule ExStringUnicode do
  def main do
    cafe = "cafe\u0301"
    family = "👨‍👩‍👧"

    {String.graphemes(cafe), String.codepoints(cafe), String.length(cafe), byte_size(cafe),
     String.graphemes("héllo"), String.length(family), length(String.codepoints(family)),
     String.upcase("straße"), String.downcase("ÀÉÎ"), String.reverse("añb"),
     String.valid?("abc"), String.valid?(<<0xFF>>), String.next_grapheme("éa"),
     String.slice("日本語テキスト", 2, 3), String.at("日本語", -1), String.capitalize("élan"),
     String.printable?("abc\u0000"), String.split_at("日本語", 1),
     String.normalize(cafe, :nfc), String.to_charlist("añ"), List.to_string([?a, 0x1F600])}
  end
end
