"""What a real office suite makes of a workbook we wrote: LibreOffice converts it to PDF, poppler reads the text."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path


def office_pdf_text(workbook: Path, folder: Path) -> str:
    """The text of the PDF LibreOffice (headless, its own profile in folder) prints from the workbook; pages are
    separated by form feeds."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice is not None and shutil.which("pdftotext") is not None, (
        "LibreOffice (soffice) and poppler (pdftotext) are installed by `bash .ci/setup --test`"
    )
    profile = (folder / "lo-profile").as_uri()
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            folder,
            workbook,
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = folder / f"{workbook.stem}.pdf"
    return subprocess.run(["pdftotext", "-layout", pdf, "-"], check=True, capture_output=True, text=True).stdout
