import codecs

import pytest

from analysis.decode import MAX_CONTROL_SHARE_DEFAULT, decode_bytes
from analysis.errors import InputError

GERMAN = "Die Verbraucherzentrale warnt: „Meta“ darf Daten nicht nutzen – 1.000 € Strafe für Ärger."
FRENCH = "Le café crème coûte 5 € à Paris, a déclaré l’association « Que Choisir »."


def test_utf8_is_read_as_is():
    assert decode_bytes(GERMAN.encode("utf-8")) == (GERMAN, "utf-8")


def test_utf8_bom_is_dropped():
    text, encoding = decode_bytes(codecs.BOM_UTF8 + GERMAN.encode("utf-8"))
    assert text == GERMAN
    assert encoding == "utf-8-sig"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(codec):
    bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
    text, encoding = decode_bytes(bom + GERMAN.encode(codec))
    assert text == GERMAN
    assert encoding == "utf-16"


def test_utf16_without_bom_is_recognised_by_its_nul_bytes():
    text, encoding = decode_bytes("Plain English text, nothing else.".encode("utf-16-le"))
    assert text == "Plain English text, nothing else."
    assert encoding == "utf-16-le"


@pytest.mark.parametrize("sample", [GERMAN, FRENCH, "Straße", "Café crème à 5 €"])
def test_windows_1252_is_detected_even_on_short_text(sample):
    text, encoding = decode_bytes(sample.encode("cp1252"))
    assert text == sample
    assert encoding == "cp1252"


def test_latin1_text_decodes_to_the_same_characters():
    sample = "Le café crème coûte cher à Genève."
    assert decode_bytes(sample.encode("latin-1"))[0] == sample


def test_cyrillic_windows_1251_is_detected():
    sample = "Москва заявила о претензиях к компании Meta и ее планам по обучению."
    assert decode_bytes(sample.encode("cp1251")) == (sample, "cp1251")


@pytest.mark.parametrize("data", [b"", b"   \n\t  \n"])
def test_empty_input_is_an_empty_error(data):
    with pytest.raises(InputError) as caught:
        decode_bytes(data)
    assert caught.value.kind == "empty"


def test_png_renamed_to_txt_is_named_as_an_image():
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    with pytest.raises(InputError) as caught:
        decode_bytes(png)
    assert caught.value.kind == "binary"
    assert "PNG image" in caught.value.message


def test_nul_bytes_that_are_not_utf16_mean_binary():
    with pytest.raises(InputError) as caught:
        decode_bytes(b"\x00\x01\x02\x03\x00\x00\x10\xff\xfe\x00abc\x00")
    assert caught.value.kind == "binary"


def test_broken_utf16_after_a_bom_is_an_encoding_error():
    with pytest.raises(InputError) as caught:
        decode_bytes(codecs.BOM_UTF16_LE + b"\x00\xd8A")  # lone high surrogate, odd length
    assert caught.value.kind == "encoding"
    assert "UTF-16" in caught.value.message


def test_control_characters_just_over_the_limit_mean_binary():
    n = 1000
    over = int(n * MAX_CONTROL_SHARE_DEFAULT) + 2
    data = ("a" * (n - over) + "\x01" * over).encode()
    with pytest.raises(InputError) as caught:
        decode_bytes(data)
    assert caught.value.kind == "binary"


def test_control_characters_under_the_limit_are_text():
    n = 1000
    under = int(n * MAX_CONTROL_SHARE_DEFAULT) - 1
    data = ("a" * (n - under) + "\x01" * under).encode()
    assert decode_bytes(data)[1] == "utf-8"
