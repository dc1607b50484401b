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


# Written for these tests: one news sentence in each language, with the letters its code page
# must get right (issue #16: a French cp1252 article was read as cp1257, "Besançon" as "Besanēon").
EUROPEAN = [
    ("fr", "cp1252", "Le maire a annoncé « une hausse de 1.500 € » des impôts locaux, ce qui a provoqué "
                     "la colère des habitants de Besançon."),
    ("fr", "latin-1", "Selon l'étude publiée jeudi, près de la moitié des élèves ne maîtrisent pas la "
                      "lecture à la fin du CE1."),
    ("de", "cp1252", "Die Bürgermeisterin sagte, die Straße werde im März für 1.500 € saniert – „endlich“, "
                     "meinten die Anwohner."),
    ("es", "cp1252", "¿Qué pasó? El Gobierno aprobó el jueves una subida del 3,5 % de las pensiones, según "
                     "informó el ministro de Economía en Logroño."),
    ("it", "cp1252", "Il sindaco ha dichiarato che la città è pronta: «Più autobus e meno traffico», ha "
                     "detto giovedì ai giornalisti."),
    ("pt", "cp1252", "O governo português anunciou que a inflação caiu para 2,1% em março, a menor taxa "
                     "desde o início do ano passado."),
    ("nl", "cp1252", "De gemeente heeft besloten dat de brug over de rivier vóór het einde van het jaar "
                     "wordt gerenoveerd, zei de wethouder."),
    ("sv", "cp1252", "Regeringen meddelade på måndagen att skatten på bensin sänks från årsskiftet, enligt "
                     "finansministern i Göteborg."),
    ("da", "cp1252", "Statsministeren sagde i går, at flere læger og sygeplejersker skal ansættes på "
                     "hospitalerne i løbet af næste år."),
    ("no", "latin-1", "Regjeringen vil bruke mer penger på skolene, og ordføreren i Tromsø sier at det er "
                      "på høy tid å gjøre noe."),
    ("fi", "cp1252", "Hallitus päätti tiistaina, että sähkön hinta-avustusta jatketaan ensi vuoden loppuun, "
                     "kertoi pääministeri."),
    ("is", "cp1252", "Ríkisstjórnin tilkynnti í gær að skattar á eldsneyti yrðu lækkaðir á næsta ári, að "
                     "sögn fjármálaráðherra."),
    ("pl", "cp1250", "Minister zdrowia powiedział w środę, że szpitale otrzymają dodatkowe pieniądze na "
                     "zakup nowoczesnego sprzętu."),
    ("cs", "cp1250", "Vláda ve středu schválila zvýšení důchodů o tři procenta, řekl ministr práce a "
                     "sociálních věcí v Praze."),
    ("lt", "cp1257", "Vyriausybė trečiadienį pritarė pensijų didinimui, pranešė socialinės apsaugos ir "
                     "darbo ministerija Vilniuje."),
    ("lv", "cp1257", "Valdība otrdien nolēma palielināt pensijas, paziņoja labklājības ministrs, runājot "
                     "ar žurnālistiem Rīgā."),
    ("et", "cp1257", "Valitsus otsustas neljapäeval tõsta pensione, ütles sotsiaalminister šokeeritud "
                     "ajakirjanikele Tallinnas."),
]
# What a file saved in each code page is called: the Western page's texts are the same under
# cp1252 and latin-1, which is reported as cp1252 (the most common name).
EXPECTED_NAME = {"cp1252": "cp1252", "latin-1": "cp1252", "cp1250": "cp1250", "cp1257": "cp1257"}


@pytest.mark.parametrize("language,codec,sentence", EUROPEAN, ids=[f"{l}-{c}" for l, c, _ in EUROPEAN])
def test_european_legacy_code_pages_decode_to_their_letters(language, codec, sentence):
    text, encoding = decode_bytes(sentence.encode(codec))
    assert text == sentence
    assert encoding == EXPECTED_NAME[codec]


@pytest.mark.parametrize("language,codec,sentence", EUROPEAN, ids=[f"{l}-{c}" for l, c, _ in EUROPEAN])
def test_a_whole_article_in_a_code_page_decodes_too(language, codec, sentence):
    article = "\n\n".join([sentence] * 3 + [sentence.upper(), sentence.lower()])
    assert decode_bytes(article.encode(codec))[0] == article


def test_koi8_r_and_greek_and_turkish_code_pages():
    russian = "Москва заявила о претензиях к компании Meta и ее планам по обучению."
    assert decode_bytes(russian.encode("koi8_r")) == (russian, "koi8_r")
    greek = "Η κυβέρνηση ανακοίνωσε νέα μέτρα για την οικονομία, είπε ο υπουργός."
    assert decode_bytes(greek.encode("cp1253")) == (greek, "cp1253")
    turkish = "Hükümet yeni ekonomik önlemler açıkladı, dedi bakan İstanbul’da."
    assert decode_bytes(turkish.encode("cp1254")) == (turkish, "cp1254")


def test_text_no_european_code_page_fits_goes_to_detection():
    japanese = "東京で会議が開かれ、政府は新しい経済対策を発表した。"
    assert decode_bytes(japanese.encode("shift_jis"))[0] == japanese
