; Inno Setup 6 script of Mötespärm for Windows.
;
; Build on a Windows machine with Python 3.11 and Inno Setup 6:
;   py -3.11 -m venv .venv && .venv\Scripts\python -m pip install --require-hashes -r requirements\lock.txt && .venv\Scripts\python -m pip install --no-deps --no-build-isolation -e .
;   .venv\Scripts\python installer\build.py
; build.py freezes the program into dist\meetingapp (Motesparm.exe, the window;
; meetingapp.exe, the command line) and then runs ISCC.exe on this script with
; /DAppVersion=<meetingapp.__version__>. By hand:
;   iscc /DAppVersion=0.1.0 installer\windows\meetingapp.iss
;
; Installs per user without administrator rights by default; municipal IT
; deploys for all users silently with
;   Motesparm-<version>-setup.exe /ALLUSERS /VERYSILENT /SUPPRESSMSGBOXES /NORESTART

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z (installer\build.py does)
#endif
#define AppName "Mötespärm"
#define SourceDir "..\..\dist\meetingapp"

[Setup]
; The AppId identifies the program to Windows' uninstaller: never change it.
AppId={{6B0E2C8F-4C1D-4B7E-9A53-2F1D7C9E5A10}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=commandline dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0.17763
LicenseFile=..\..\LICENSE
SetupIconFile=..\icons\meetingapp.ico
UninstallDisplayIcon={app}\Motesparm.exe
OutputDir=..\..\dist
OutputBaseFilename=Motesparm-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Languages]
#if FileExists(AddBackslash(CompilerPath) + "Languages\Swedish.isl")
Name: "sv"; MessagesFile: "compiler:Languages\Swedish.isl"
#endif
Name: "en"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; A new version replaces the bundled files whole: nothing of an older one stays.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\Motesparm.exe"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\Motesparm.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\Motesparm.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
