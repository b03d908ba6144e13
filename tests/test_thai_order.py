"""Thai dictionary order (``thai_order``), on names that code-point order sorts wrong.

The expected orders are written out by hand from the Royal Institute's dictionary order: a
leading vowel (เ แ โ ใ ไ) sorts under the consonant after it, a consonant cluster before a
vowel, tone marks only where the letters are the same.
"""
import pytest

from ita_xl.analysis.consolidation import AgencyRow, in_thai_order, thai_order

# The provinces in the order the Ministry of Interior lists them (Bangkok in its dictionary place).
PROVINCES = ["กระบี่", "กรุงเทพมหานคร", "กาญจนบุรี", "กาฬสินธุ์", "กำแพงเพชร", "ขอนแก่น", "จันทบุรี",
             "ฉะเชิงเทรา", "ชลบุรี", "ชัยนาท", "ชัยภูมิ", "ชุมพร", "เชียงราย", "เชียงใหม่", "ตรัง", "ตราด", "ตาก",
             "นครนายก", "นครปฐม", "นครพนม", "นครราชสีมา", "นครศรีธรรมราช", "นครสวรรค์", "นนทบุรี", "นราธิวาส",
             "น่าน", "บึงกาฬ", "บุรีรัมย์", "ปทุมธานี", "ประจวบคีรีขันธ์", "ปราจีนบุรี", "ปัตตานี",
             "พระนครศรีอยุธยา", "พะเยา", "พังงา", "พัทลุง", "พิจิตร", "พิษณุโลก", "เพชรบุรี", "เพชรบูรณ์", "แพร่",
             "ภูเก็ต", "มหาสารคาม", "มุกดาหาร", "แม่ฮ่องสอน", "ยโสธร", "ยะลา", "ร้อยเอ็ด", "ระนอง", "ระยอง",
             "ราชบุรี", "ลพบุรี", "ลำปาง", "ลำพูน", "เลย", "ศรีสะเกษ", "สกลนคร", "สงขลา", "สตูล", "สมุทรปราการ",
             "สมุทรสงคราม", "สมุทรสาคร", "สระแก้ว", "สระบุรี", "สิงห์บุรี", "สุโขทัย", "สุพรรณบุรี",
             "สุราษฎร์ธานี", "สุรินทร์", "หนองคาย", "หนองบัวลำภู", "อ่างทอง", "อำนาจเจริญ", "อุดรธานี",
             "อุตรดิตถ์", "อุทัยธานี", "อุบลราชธานี"]


def test_the_77_provinces_in_dictionary_order_which_code_points_get_wrong():
    assert sorted(PROVINCES) != PROVINCES                       # code points put every เ แ โ ใ ไ last
    assert sorted(reversed(PROVINCES), key=thai_order) == PROVINCES


@pytest.mark.parametrize("expected", [
    ["ลพบุรี", "ลำปาง", "ลำพูน", "เลย"],                         # ำ after the consonants, เ after ำ
    ["พะเยา", "พิษณุโลก", "เพชรบุรี", "เพชรบูรณ์", "แพร่", "ภูเก็ต", "แม่ฮ่องสอน", "ยโสธร"],
    ["กา", "ก่า", "กาก", "เก", "ไก", "ไก่"],                        # a tone mark only breaks a tie
    ["ปา", "ป่า", "ป้า", "ป๊า", "ปาก"],                           # no mark, ่, ้, ๊; then the longer word
    ["สพป.เชียงใหม่ เขต 2", "สพป.เชียงใหม่ เขต 10"],                # numbers by value
    ["โรงพยาบาลแม่สาย", "องค์การบริหารส่วนจังหวัดลำพูน", "องค์การบริหารส่วนตำบลแม่สาย"],
])
def test_names_in_dictionary_order(expected):
    assert sorted(reversed(expected), key=thai_order) == expected


def test_text_is_compared_as_the_reader_compares_it():
    """Sara am typed as nikhahit + sara aa, Thai digits, doubled spaces: the same place."""
    assert thai_order("ลําพูน")[:2] == thai_order("ลำพูน")[:2]
    assert thai_order("เขต ๒")[:2] == thai_order("เขต  2")[:2]


def test_rows_by_province_then_name():
    def row(name, province):
        return AgencyRow(name, "", province, 2569, {}, {}, 90.0, "good", True, f"{name}.xlsx")
    rows = [row("เทศบาลตำบลแม่สาย", "เชียงราย"), row("เทศบาลตำบลบ้านใหม่", "แม่ฮ่องสอน"),
            row("องค์การบริหารส่วนตำบลเกาะคา", "ลำปาง"), row("เทศบาลเมืองลำพูน", "ลำพูน"),
            row("เทศบาลตำบลเกาะคา", "ลำปาง")]
    assert [(r.province, r.name) for r in in_thai_order(rows)] == [
        ("เชียงราย", "เทศบาลตำบลแม่สาย"), ("แม่ฮ่องสอน", "เทศบาลตำบลบ้านใหม่"), ("ลำปาง", "เทศบาลตำบลเกาะคา"),
        ("ลำปาง", "องค์การบริหารส่วนตำบลเกาะคา"), ("ลำพูน", "เทศบาลเมืองลำพูน")]


def test_pythainlp_leaves_no_folder_behind(tmp_path, monkeypatch):
    """Loading the collation must not create pythainlp's data folder in the user's home."""
    import subprocess
    import sys
    env = {"HOME": str(tmp_path), "USERPROFILE": str(tmp_path), "PATH": "/usr/bin:/bin"}
    subprocess.run([sys.executable, "-c", "from ita_xl.analysis.consolidation import thai_order; thai_order('ก')"],
                   check=True, env=env, timeout=60)
    assert list(tmp_path.iterdir()) == []
