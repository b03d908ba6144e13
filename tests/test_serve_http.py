"""``ita-xl serve`` over HTTP, on a real server: the form's options reach the files, and hostile or careless
requests are refused with a page of one line (never a traceback), nothing is kept, nothing is written outside
the server's own folder."""
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from urllib.parse import unquote

import docx
import openpyxl
import pytest
from broken_inputs import BOMB
from builders import agency_rows, edit, write_input
from serve_helpers import problems_of, running, text_of, wait_until

LIFETIME = 3            # seconds a result's downloads last on this test server


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with running(tmp_path_factory.mktemp("abuse") / "tmp", lifetime=LIFETIME) as server:
        yield server


def upload(server, name: str, data: bytes, **headers):
    return server.post("/convert", files=[("files", name, data)], headers=headers)


def test_an_upload_over_the_cap_is_refused_with_413_before_it_is_read(server):
    status, headers, body = upload(server, "big.xlsx", b"\0" * (60 * 1024 * 1024))
    assert status == 413
    assert problems_of(body) == ["ไฟล์ที่ส่งใหญ่เกิน 50 MB: ส่งทีละน้อยลง (แม่แบบที่กรอกแล้วมีขนาดไม่กี่ร้อย KB)"]
    assert not any("big" in str(p) for p in server.files_left())


def test_a_name_with_folders_is_stored_under_its_last_part_only(server, sample, tmp_path):
    status, headers, _ = upload(server, "../../etc/x.xlsx", sample.read_bytes())
    assert status == 303
    status, _, page = server.request("GET", headers["location"])
    assert status == 200 and "x.xlsx" in text_of(page) and "etc" not in text_of(page)
    status, headers, _ = server.request("GET", headers["location"].split("?")[0] + "/xlsx")
    assert status == 200
    assert headers["content-disposition"] == "attachment; filename=\"x-report.xlsx\"; filename*=UTF-8''x-report.xlsx"
    assert not (server.temp.parent / "etc").exists() and not (server.root.parent / "etc").exists()
    assert all(server.root in p.parents for p in server.root.rglob("*"))


def test_a_thai_file_name_reaches_the_download_by_rfc_5987(server, sample):
    status, headers, _ = upload(server, "คะแนน สายทอง.xlsx", sample.read_bytes())
    status, headers, _ = server.request("GET", headers["location"].split("?")[0] + "/docx")
    assert status == 200
    disposition = headers["content-disposition"]
    assert disposition.isascii() and disposition.startswith('attachment; filename="')
    assert unquote(disposition.split("; filename*=UTF-8''")[1]) == "คะแนน สายทอง-report.docx"


@pytest.mark.parametrize("name, data, says", [
    ("empty.xlsx", b"", "empty.xlsx: ไฟล์ว่าง (0 ไบต์): ไฟล์อาจส่งมาไม่ครบ ขอไฟล์ใหม่"),
    ("notes.xlsx", "ตัวชี้วัดที่,คะแนน\n1,91.5\n".encode(), "notes.xlsx: เป็นไฟล์ข้อความหรือ CSV ไม่ใช่ไฟล์ Excel"),
    ("bomb.xlsx", None, "bomb.xlsx: ไฟล์ขยายแล้วใหญ่เกิน 50 MB"),
])
def test_a_bad_file_gets_the_one_line_the_command_line_gives(server, tmp_path, name, data, says):
    if data is None:
        with zipfile.ZipFile(tmp_path / name, "w", zipfile.ZIP_DEFLATED) as bomb:
            for member, content in BOMB.items():
                bomb.writestr(member, content)
        data = (tmp_path / name).read_bytes()
        assert len(data) < 1024 * 1024                  # small on the wire, 60 MB inflated
    status, _, body = upload(server, name, data)
    assert status == 422
    [line] = problems_of(body)
    assert line.startswith(says)
    assert "Traceback" not in body.decode() and "/tmp" not in body.decode()


def test_no_file_chosen_is_one_line(server):
    status, _, body = upload(server, "", b"")
    assert status == 400 and problems_of(body) == ["ยังไม่ได้เลือกไฟล์: เลือกไฟล์ .xlsx ที่กรอกแล้ว"]


@pytest.mark.parametrize("headers", [{"Origin": "http://evil.example"}, {"Origin": "null"},
                                     {"Referer": "http://evil.example/page"}, {"Sec-Fetch-Site": "cross-site"}])
def test_a_cross_site_post_is_refused(server, sample, headers):
    status, _, body = upload(server, "a.xlsx", sample.read_bytes(), **headers)
    assert status == 403
    assert problems_of(body) == ["ไม่รับข้อมูลที่ส่งมาจากเว็บไซต์อื่น: เปิดหน้านี้แล้วส่งไฟล์จากที่นี่"]


def test_a_post_from_the_page_itself_is_accepted(server, sample):
    own = server.url.rstrip("/")
    status, _, _ = upload(server, "a.xlsx", sample.read_bytes(), Origin=own, Referer=f"{own}/",
                          **{"Sec-Fetch-Site": "same-origin"})
    assert status == 303


def test_another_host_name_is_not_answered_on_loopback(server):
    status, _, _ = server.request("GET", "/", headers={"Host": "rebound.example:80"})
    assert status == 421


def test_every_response_carries_the_security_headers(server):
    for path in ("/", "/static/style.css", "/no-such-page"):
        _, headers, body = server.request("GET", path)
        assert "script-src 'self'" in headers["content-security-policy"]
        assert "unsafe-inline" not in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
        assert headers.get("server") is None
    _, _, page = server.request("GET", "/")
    assert "<script>" not in page.decode() and " style=" not in page.decode() and "onclick" not in page.decode()


def test_no_folder_is_listed(server):
    for path in ("/static/", "/result/", "/static/../", "/static/%2e%2e/ita_xl/web/app.py"):
        status, _, body = server.request("GET", path)
        assert status == 404, path
        assert problems_of(body) == ["ไม่พบหน้านี้: เริ่มจากหน้าแรก"]


def test_a_download_that_is_not_in_the_result_is_not_found(server, sample):
    _, headers, _ = upload(server, "a.xlsx", sample.read_bytes())
    base = headers["location"].split("?")[0]
    for key in ("page.pickle", "..%2Fpage.pickle", "out", "zip"):
        status, _, _ = server.request("GET", f"{base}/{key}")
        assert status == 404


def test_nothing_is_kept_once_answered_and_results_expire(server, sample):
    statuses = [upload(server, "empty.xlsx", b"")[0], upload(server, "x.txt", b"hello")[0]]
    assert statuses == [422, 422]
    _, headers, _ = upload(server, "a.xlsx", sample.read_bytes())
    kept = server.files_left()                      # the result (and its memo, while LibreOffice prints it)
    assert kept and not [p for p in kept if p.name == "a.xlsx" or {"in", "previous"} & set(p.parts)]
    assert wait_until(lambda: not server.files_left(), LIFETIME + 5)
    status, _, body = server.request("GET", headers["location"])
    assert status == 404 and "พ้นเวลาดาวน์โหลดแล้ว" in problems_of(body)[0]


def test_the_log_has_one_line_per_request_and_no_data(server, sample):
    time.sleep(0.5)                                  # the line of the request before is written after its answer
    before = len(server.log_lines())
    upload(server, "สายทอง.xlsx", sample.read_bytes())
    server.request("GET", "/?lang=en")
    wait_until(lambda: len(server.log_lines()) >= before + 2, 5)
    time.sleep(0.5)
    lines = server.log_lines()[before:]
    assert len(lines) == 2
    assert re.fullmatch(r"\S+ POST /convert 303 \d+\.\d{3}s 0B", lines[0])
    assert re.fullmatch(r"\S+ GET / 200 \d+\.\d{3}s \d+B", lines[1])
    log = "\n".join(server.log_lines())
    assert "สายทอง" not in log and "Traceback" not in log
    strays = [line for line in server.log_lines() if not re.fullmatch(r"\S+ [A-Z]+ /\S* \d{3} \d+\.\d{3}s \d+B", line)]
    assert strays == []                               # nothing but request lines, whatever the tests above did


@pytest.fixture(scope="module")
def guarded(tmp_path_factory):
    with running(tmp_path_factory.mktemp("guarded") / "tmp", code="ลับมาก-42") as server:
        yield server


def test_without_the_code_only_the_page_asking_for_it_is_served(guarded, sample):
    status, _, page = guarded.request("GET", "/")
    assert status == 401 and 'name="code"' in page.decode() and 'name="files"' not in page.decode()
    status, _, page = guarded.post("/convert", files=[("files", "a.xlsx", sample.read_bytes())])
    assert status == 401 and 'name="files"' not in page.decode()
    status, _, _ = guarded.request("GET", "/template?year=2569")
    assert status == 401
    assert not guarded.files_left()


def test_a_wrong_code_is_refused_and_the_right_one_gives_a_strict_cookie(guarded):
    status, _, page = guarded.post("/access", fields={"code": "เดา"})
    assert status == 401 and problems_of(page) == ["รหัสเข้าใช้งานไม่ถูกต้อง: ตรวจรหัสกับผู้ดูแลระบบแล้วลองอีกครั้ง"]
    status, headers, _ = guarded.post("/access", fields={"code": "ลับมาก-42"})
    assert status == 303
    cookie = headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie
    value = cookie.split(";")[0]
    status, _, page = guarded.request("GET", "/", headers={"Cookie": value})
    assert status == 200 and 'name="files"' in page.decode()
    forged = value[:-4] + ("0000" if not value.endswith("0000") else "1111")
    assert guarded.request("GET", "/", headers={"Cookie": forged})[0] == 401


def test_serving_beyond_this_machine_without_a_code_refuses_to_start():
    done = subprocess.run([sys.executable, "-m", "ita_xl", "serve", "--host", "0.0.0.0", "--no-browser"],
                          capture_output=True, text=True, timeout=60,
                          env={**__import__("os").environ, "ITA_XL_ACCESS_CODE": ""})
    assert done.returncode == 1 and done.stdout == ""
    [line] = done.stderr.splitlines()
    assert "ITA_XL_ACCESS_CODE" in line and "--access-code" in line and "0.0.0.0" in line


def convert(server, files, **fields):
    """Post ``files`` (name, bytes) and return the result's path, after checking it was accepted."""
    status, headers, body = server.post("/convert", fields=fields, files=[("files", n, d) for n, d in files])
    assert status == 303, problems_of(body)
    return headers["location"].split("?")[0]


def fetch(server, path: str, folder, name: str):
    status, _, body = server.request("GET", path)
    assert status == 200
    (folder / name).write_bytes(body)
    return folder / name


def test_the_readers_notes_are_on_the_result_page(server, sample, tmp_path):
    typed = edit(Path(shutil.copyfile(sample, tmp_path / "fraction.xlsx")), {("ตัวชี้วัด", "D5"): 0.9008})
    page = text_of(server.request("GET", convert(server, [("fraction.xlsx", typed.read_bytes())]))[2])
    assert "คำเตือน: fraction.xlsx: ตัวชี้วัด!D5: คะแนน 0.9008 ดูเหมือนเป็นสัดส่วน" in page


def test_the_target_field_sets_the_target(server, sample):
    page = text_of(server.request("GET", convert(server, [("a.xlsx", sample.read_bytes())], target="95"))[2])
    assert "คะแนนรายแบบวัด (เกณฑ์เป้าหมาย 95)" in page
    assert "ภายใน 30 91.76 ต่ำกว่าเกณฑ์" in page and "สาธารณะ 40 97.32 ผ่านเกณฑ์" in page     # IIT below 95, OIT not


def test_last_years_file_adds_the_comparison_sheet(server, sample, tmp_path):
    last = write_input(tmp_path / "2564.xlsx", agency=agency_rows(year=2564, name="องค์การบริหารส่วนตำบลสายทอง"))
    result = server.post("/convert", files=[("files", "a.xlsx", sample.read_bytes()),
                                            ("previous", "2564.xlsx", last.read_bytes())])
    assert result[0] == 303
    workbook = fetch(server, result[1]["location"].split("?")[0] + "/xlsx", tmp_path, "got.xlsx")
    assert "เทียบปีก่อน" in openpyxl.load_workbook(workbook).sheetnames


def test_the_digits_field_reaches_the_word_memo(server, sample, tmp_path):
    texts = {}
    for digits in ("", "arabic"):
        memo = fetch(server, convert(server, [("a.xlsx", sample.read_bytes())], digits=digits) + "/docx", tmp_path,
                     f"{digits or 'default'}.docx")
        texts[digits] = "\n".join(p.text for p in docx.Document(memo).paragraphs)
    assert "๙๑.๔๑" in texts[""] and "91.41" not in texts[""]
    assert "91.41" in texts["arabic"] and "๙๑.๔๑" not in texts["arabic"]


def test_a_bad_target_is_one_line(server, sample):
    status, _, body = server.post("/convert", fields={"target": "101"}, files=[("files", "a.xlsx", sample.read_bytes())])
    assert status == 400 and problems_of(body) == ['เกณฑ์เป้าหมาย "101" ใช้ไม่ได้: ใส่ตัวเลข 0–100 หรือว่างไว้']


def test_when_libreoffice_fails_the_page_and_the_download_say_so_in_one_line(sample, tmp_path):
    tools = tmp_path / "bin"
    tools.mkdir()
    (tools / "soffice").write_text("#!/bin/sh\nexit 1\n")
    (tools / "soffice").chmod(0o755)
    with running(tmp_path / "tmp", path=str(tools)) as server:
        result = convert(server, [("a.xlsx", sample.read_bytes())])
        status, _, body = server.request("GET", f"{result}/pdf")
        assert status == 422
        [line] = problems_of(body)
        assert "พิมพ์บันทึกข้อความขององค์การบริหารส่วนตำบลสายทองเป็น PDF ไม่สำเร็จ" in line and "/tmp" not in line
        page = server.request("GET", result)[2].decode()
        assert 'id="download-pdf"' not in page and 'id="download-xlsx"' in page
        assert "พิมพ์บันทึกข้อความขององค์การบริหารส่วนตำบลสายทองเป็น PDF ไม่สำเร็จ" in text_of(page.encode())
