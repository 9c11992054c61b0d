; Inno Setup script: the installer a clerk runs from a USB stick (Windows 10/11, no administrator rights).
;
; Built by packaging/build-windows.ps1 after PyInstaller; by hand:
;   ISCC /DAppVersion=0.1.0 /DVietnameseIsl=C:\path\Vietnamese.isl packaging\trungtam_desktop.iss
; Defines (ISCC /D...):
;   AppVersion         required; the package version (pyproject.toml), shown in "Apps & features"
;   AppNumericVersion  the same as four numbers for the file version resource (default: AppVersion)
;   SourceDir          the PyInstaller one-folder output (default: ..\dist\trungtam_desktop)
;   OutputDir          where trungtam-desktop-<version>-setup.exe goes (default: ..\dist\installer)
;   VietnameseIsl      Inno Setup's Vietnamese translation (default: the compiler's
;                      Languages\Unofficial\Vietnamese.isl, if this Inno Setup has it)
;
; What it does:
;   - per-user install (PrivilegesRequired=lowest) into %LOCALAPPDATA%\Programs\TrungTamDesktop, no UAC prompt;
;   - Start-menu shortcut and (task, ticked by default) desktop shortcut "Quản lý Trung tâm chính trị";
;   - upgrade in place: the fixed AppId finds the previous install and its folder; the old program files
;     (_internal\ and the two .exe) are deleted before the new ones are copied, so nothing stale remains;
;   - the uninstaller removes only the files it installed. The user's data folder
;     (%LOCALAPPDATA%\trungtam_desktop: database, backups, logs) is never touched by install, upgrade or
;     uninstall, and neither is a portable "data" folder beside the program.
; The file is UTF-8 with a BOM (Inno Setup 6.3+ also reads it without one).

#if Ver < EncodeVer(6, 3, 0)
  #error Inno Setup 6.3 or newer is needed (x64compatible architecture identifier).
#endif

#ifndef AppVersion
  #error Pass the program version: ISCC /DAppVersion=0.1.0 trungtam_desktop.iss
#endif
#ifndef AppNumericVersion
  #define AppNumericVersion AppVersion
#endif
#ifndef SourceDir
  #define SourceDir AddBackslash(SourcePath) + "..\dist\trungtam_desktop"
#endif
#ifndef OutputDir
  #define OutputDir AddBackslash(SourcePath) + "..\dist\installer"
#endif
#ifndef VietnameseIsl
  #define VietnameseIsl AddBackslash(CompilerPath) + "Languages\Unofficial\Vietnamese.isl"
#endif
#if !FileExists(VietnameseIsl)
  #error Vietnamese.isl not found. Pass /DVietnameseIsl=<path> (build-windows.ps1 finds or fetches it).
#endif
#if !FileExists(AddBackslash(SourceDir) + "trungtam-desktop.exe")
  #error The PyInstaller build is missing: run PyInstaller first (see build-windows.ps1).
#endif

#define AppName "Quản lý Trung tâm chính trị"
#define AppExe "trungtam-desktop.exe"
#define AppCliExe "trungtam-desktop-cli.exe"
#define AppPublisher "Trung tâm chính trị"

[Setup]
; Never change AppId: it is how a new version finds and replaces the installed one.
AppId={{6E3F2B9A-4C1D-4E8B-A7F5-2D9C0B13E8A4}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
VersionInfoVersion={#AppNumericVersion}
VersionInfoProductVersion={#AppNumericVersion}
VersionInfoTextVersion={#AppVersion}
VersionInfoProductTextVersion={#AppVersion}
VersionInfoDescription=Cài đặt {#AppName}
VersionInfoCompany={#AppPublisher}
VersionInfoProductName={#AppName}
; Per user, no administrator rights: {autopf} is %LOCALAPPDATA%\Programs in this mode.
PrivilegesRequired=lowest
DefaultDirName={autopf}\TrungTamDesktop
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UsePreviousAppDir=yes
DirExistsWarning=no
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
; A running copy of the program is closed (Restart Manager) before its files are replaced.
CloseApplications=yes
RestartApplications=no
SetupIconFile=..\resources\icons\trungtam.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
WizardStyle=modern
ShowLanguageDialog=no
OutputDir={#OutputDir}
OutputBaseFilename=trungtam-desktop-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
SetupLogging=yes

[Languages]
Name: "vi"; MessagesFile: "{#VietnameseIsl}"

[Messages]
vi.BeveledLabel={#AppName}

[CustomMessages]
vi.ShortcutsGroup=Biểu tượng:
vi.DesktopShortcut=Tạo biểu tượng trên &màn hình nền
vi.LaunchProgram=Mở chương trình {#AppName}
vi.ProgramComment=Quản lý lớp học, học viên và giảng viên của Trung tâm chính trị

[Tasks]
Name: "desktopicon"; Description: "{cm:DesktopShortcut}"; GroupDescription: "{cm:ShortcutsGroup}"

[InstallDelete]
; Upgrade in place: the previous version's program files go first (only these; never "data" or anything else).
Type: filesandordirs; Name: "{app}\_internal"
Type: files; Name: "{app}\{#AppExe}"
Type: files; Name: "{app}\{#AppCliExe}"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Excludes: "portable,\data\*"; \
  Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; \
  Comment: "{cm:ProgramComment}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; \
  Comment: "{cm:ProgramComment}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete] and no [Code] that removes folders: the uninstaller deletes only what [Files] put in
; {app}, so %LOCALAPPDATA%\trungtam_desktop (and a portable {app}\data) stays as the clerk left it.
