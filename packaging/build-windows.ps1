<#
.SYNOPSIS
    Builds trungtam_desktop for Windows: a fresh venv, PyInstaller one-folder build, the frozen self-test,
    then the Inno Setup installer.

.DESCRIPTION
    Run from any folder on a Windows 10/11 x64 build machine with Python 3.11+ (the py launcher) and
    Inno Setup 6.3+ installed:

        powershell -ExecutionPolicy Bypass -File packaging\build-windows.ps1

    Steps:
      1. a fresh virtual environment in build\venv-windows (deleted first), pip install -e ".[build]";
      2. PyInstaller with packaging\trungtam_desktop.spec -> dist\trungtam_desktop\ (work files in build\);
      3. the frozen program's --version (must equal pyproject.toml's version) and self-test (migrates an empty
         database in a temporary folder and renders every document; exit code 0 or the build stops);
      4. dist\trungtam-desktop-<version>-portable.zip: the same folder with a `portable` marker (data beside
         the program, for a USB stick);
      5. ISCC packaging\trungtam_desktop.iss /DAppVersion=... -> dist\installer\trungtam-desktop-<version>-setup.exe.

    Inno Setup's Vietnamese translation (Vietnamese.isl) is one of its unofficial translations, which the
    Inno Setup installer may not include. It is looked for, in order: -VietnameseIsl; the compiler's
    Languages\Unofficial\ and Languages\ folders; packaging\windows\Vietnamese.isl (put it there by hand on
    a machine without internet); otherwise it is downloaded from the Inno Setup source repository at a
    pinned commit into build\ (not committed to this repository).

.PARAMETER PythonVersion
    The Python the py launcher starts for the venv (default 3.11).
.PARAMETER Python
    Full path of the python.exe that creates the venv, instead of the py launcher (CI passes setup-python's).
.PARAMETER Iscc
    Full path of ISCC.exe; by default it is looked for in the usual Inno Setup 6 folders and on PATH.
.PARAMETER VietnameseIsl
    Full path of Inno Setup's Vietnamese.isl.
.PARAMETER SkipInstaller
    Stop after the frozen self-test (no Inno Setup needed).
#>
[CmdletBinding()]
param(
    [string]$PythonVersion = "3.11",
    [string]$Python = "",
    [string]$Iscc = "",
    [string]$VietnameseIsl = "",
    [switch]$SkipInstaller
)

$ErrorActionPreference = "Stop"
Set-StrictMode -Version Latest
# The frozen program writes UTF-8 (PyInstaller's utf8 mode): read it as such, so the log shows Vietnamese.
[Console]::OutputEncoding = [System.Text.Encoding]::UTF8

# The unofficial Vietnamese translation, at a fixed commit of Inno Setup's source repository.
$IssrcCommit = "09b24879e5be49278ef223dc3d1b07c856369ea2"
$VietnameseIslUrl = "https://raw.githubusercontent.com/jrsoftware/issrc/$IssrcCommit/Files/Languages/Unofficial/Vietnamese.isl"
$SizeLimitMB = 250

$Root = Split-Path -Parent $PSScriptRoot
$Venv = Join-Path $Root "build\venv-windows"
$VenvPython = Join-Path $Venv "Scripts\python.exe"
$Dist = Join-Path $Root "dist"
$AppDir = Join-Path $Dist "trungtam_desktop"
$WorkDir = Join-Path $Root "build\pyinstaller"
$InstallerDir = Join-Path $Dist "installer"

function Invoke-Checked {
    # Runs a native command and stops the build when it fails (PowerShell does not, by itself).
    param([Parameter(Mandatory)][string]$What, [Parameter(Mandatory)][scriptblock]$Command)
    Write-Host "==> $What" -ForegroundColor Cyan
    & $Command
    if ($LASTEXITCODE -ne 0) { throw "$What failed (exit code $LASTEXITCODE)" }
}

function Find-Iscc {
    if ($Iscc) {
        if (-not (Test-Path $Iscc)) { throw "ISCC.exe not found at $Iscc" }
        return (Resolve-Path $Iscc).Path
    }
    $candidates = @(
        (Join-Path ${env:ProgramFiles(x86)} "Inno Setup 6\ISCC.exe"),
        (Join-Path $env:ProgramFiles "Inno Setup 6\ISCC.exe"),
        (Join-Path $env:LOCALAPPDATA "Programs\Inno Setup 6\ISCC.exe")
    )
    foreach ($candidate in $candidates) {
        if ($candidate -and (Test-Path $candidate)) { return $candidate }
    }
    $onPath = Get-Command "ISCC.exe" -ErrorAction SilentlyContinue
    if ($onPath) { return $onPath.Source }
    throw "Inno Setup 6 (ISCC.exe) not found: install it or pass -Iscc <path>"
}

function Test-VietnameseIsl([string]$Path) {
    return (Test-Path $Path) -and (Select-String -Path $Path -Pattern '^LanguageID=\$042A' -Quiet)
}

function Find-VietnameseIsl([string]$IsccPath) {
    if ($VietnameseIsl) {
        if (-not (Test-VietnameseIsl $VietnameseIsl)) { throw "$VietnameseIsl is not Inno Setup's Vietnamese.isl" }
        return (Resolve-Path $VietnameseIsl).Path
    }
    $compilerDir = Split-Path -Parent $IsccPath
    $candidates = @(
        (Join-Path $compilerDir "Languages\Unofficial\Vietnamese.isl"),
        (Join-Path $compilerDir "Languages\Vietnamese.isl"),
        (Join-Path $PSScriptRoot "windows\Vietnamese.isl")
    )
    foreach ($candidate in $candidates) {
        if (Test-VietnameseIsl $candidate) { return $candidate }
    }
    $target = Join-Path $Root "build\Vietnamese.isl"
    Write-Host "==> Downloading Vietnamese.isl (Inno Setup source, commit $IssrcCommit)" -ForegroundColor Cyan
    New-Item -ItemType Directory -Force -Path (Split-Path -Parent $target) | Out-Null
    Invoke-WebRequest -Uri $VietnameseIslUrl -OutFile $target -UseBasicParsing
    if (-not (Test-VietnameseIsl $target)) { throw "The downloaded $target is not a Vietnamese Inno Setup translation" }
    return $target
}

function Get-NumericVersion([string]$Version) {
    # "1.2.0rc1" -> "1.2.0"; the Windows file version takes numbers only.
    $numbers = [regex]::Matches(($Version -split '[+-]')[0], '\d+') | Select-Object -First 4 | ForEach-Object { $_.Value }
    return ($numbers -join ".")
}

Push-Location $Root
try {
    # 1. Fresh virtual environment and install.
    if (Test-Path $Venv) { Remove-Item -Recurse -Force $Venv }
    if ($Python) {
        Invoke-Checked "Create venv ($Python)" { & $Python -m venv $Venv }
    } else {
        Invoke-Checked "Create venv (py -$PythonVersion)" { py "-$PythonVersion" -m venv $Venv }
    }
    Invoke-Checked "Upgrade pip" { & $VenvPython -m pip install --quiet --upgrade pip }
    Invoke-Checked "Install trungtam-desktop[build]" { & $VenvPython -m pip install --quiet -e ".[build]" }

    $Version = (& $VenvPython -c "import tomllib; print(tomllib.load(open('pyproject.toml', 'rb'))['project']['version'])").Trim()
    if ($LASTEXITCODE -ne 0 -or -not $Version) { throw "Cannot read the version from pyproject.toml" }
    $NumericVersion = Get-NumericVersion $Version
    Write-Host "Version $Version ($NumericVersion)"

    # 2. PyInstaller one-folder build.
    if (Test-Path $AppDir) { Remove-Item -Recurse -Force $AppDir }
    Invoke-Checked "PyInstaller" {
        & $VenvPython -m PyInstaller --noconfirm --clean --distpath $Dist --workpath $WorkDir `
            (Join-Path $PSScriptRoot "trungtam_desktop.spec")
    }

    # 3. The frozen program: version and self-test, through the console executable.
    $Cli = Join-Path $AppDir "trungtam-desktop-cli.exe"
    $FrozenVersion = (& $Cli --version | Out-String).Trim()
    if ($LASTEXITCODE -ne 0) { throw "Frozen --version failed (exit code $LASTEXITCODE)" }
    if ($FrozenVersion -ne "trungtam-desktop $Version") { throw "Frozen --version says '$FrozenVersion', expected $Version" }
    $started = Get-Date
    Invoke-Checked "Frozen self-test" { & $Cli self-test }
    $selfTestSeconds = ((Get-Date) - $started).TotalSeconds

    $sizeMB = (Get-ChildItem -Recurse -File $AppDir | Measure-Object -Property Length -Sum).Sum / 1MB
    Write-Host ("Folder {0}: {1:N1} MB; frozen self-test {2:N1} s" -f $AppDir, $sizeMB, $selfTestSeconds)
    if ($sizeMB -gt $SizeLimitMB) { throw ("The program folder is {0:N1} MB, over the {1} MB target" -f $sizeMB, $SizeLimitMB) }

    # The same folder as a zip with the `portable` marker: data stays beside the program (USB stick use).
    $PortableZip = Join-Path $Dist "trungtam-desktop-$Version-portable.zip"
    $PortableDir = Join-Path $Root "build\portable\trungtam_desktop"
    if (Test-Path (Split-Path -Parent $PortableDir)) { Remove-Item -Recurse -Force (Split-Path -Parent $PortableDir) }
    Copy-Item -Recurse $AppDir $PortableDir
    New-Item -ItemType File -Path (Join-Path $PortableDir "portable") | Out-Null
    if (Test-Path $PortableZip) { Remove-Item -Force $PortableZip }
    Compress-Archive -Path $PortableDir -DestinationPath $PortableZip
    Write-Host "Portable zip: $PortableZip"

    if ($SkipInstaller) { Write-Host "Skipping the installer (-SkipInstaller)."; return }

    # 5. The installer.
    $IsccPath = Find-Iscc
    $IslPath = Find-VietnameseIsl $IsccPath
    Invoke-Checked "Inno Setup ($IsccPath)" {
        & $IsccPath "/DAppVersion=$Version" "/DAppNumericVersion=$NumericVersion" "/DSourceDir=$AppDir" `
            "/DOutputDir=$InstallerDir" "/DVietnameseIsl=$IslPath" (Join-Path $PSScriptRoot "trungtam_desktop.iss")
    }
    $Setup = Join-Path $InstallerDir "trungtam-desktop-$Version-setup.exe"
    if (-not (Test-Path $Setup)) { throw "The installer was not written: $Setup" }
    Write-Host ("Installer: {0} ({1:N1} MB)" -f $Setup, ((Get-Item $Setup).Length / 1MB)) -ForegroundColor Green
}
finally {
    Pop-Location
}
