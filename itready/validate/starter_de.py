"""The starter inventory with German comments: ``itready init DIR --lang de``.

The same records and settings as ``itready.validate.starter`` (a test compares them); only the
comments, and the reason of the example waiver, are German.
"""

SETTINGS_TEXT = """\
#
# Einstellungen von itready. Jede Einstellung hat einen Standardwert; diese Datei zeigt jede mit
# ihrem Standardwert. Anpassen, was die Organisation braucht, und den Rest löschen: eine fehlende
# Einstellung behält ihren Standardwert.
# Schlüssel, die mit x- beginnen, werden übergangen (Platz für eigene Notizen).

# Name der Organisation, in Berichten gezeigt.
organisation: Stadtverwaltung Beispielstadt

policy:
  # Endgeräte (laptop, desktop, thin-client, tablet, smartphone), die seit der Beschaffung
  # älter sind als so viele Jahre, sind zum Austausch fällig (Regel DEV006).
  replacement_years: 5
  # Warnen, wenn der Support des Betriebssystems innerhalb so vieler Tage endet (DEV002).
  eol_warning_days: 180
  # Warnen, wenn eine Lizenz innerhalb so vieler Tage abläuft (LIC003).
  expiry_warning_days: 60
  # So viele Monate gilt eine Sensibilisierung für mobiles Arbeiten (WP006).
  training_valid_months: 24
  # Laptops mit weniger Arbeitsspeicher als so viele GB werden gemeldet (DEV009).
  min_ram_gb: 8
  # Anteil (0 bis 1) der Beschäftigten mit hybridem, mobilem Arbeiten und Telearbeit, die in der
  # Spitze gleichzeitig von außen arbeiten. Bemisst VPN-Adresspools, VPN-Sitzungen und
  # Concurrent-Lizenzen.
  peak_remote_share: 0.6
  # Reserve bei den Desk-Sharing-Plätzen: der Bedarf vor Ort wird mit diesem Faktor multipliziert.
  desk_peak_factor: 1.1
  # Ungenutzte Lizenzplätze über diesem Anteil aller Lizenzplätze werden als Einsparung
  # gemeldet (LIC004).
  unused_seat_share: 0.25
  # In Heimnetzen verbreitete Adressbereiche. Überschneidet sich ein Netz der Dienststelle mit
  # einem davon, ist es mit Split-Tunneling von zu Hause nicht erreichbar (NET002).
  home_router_ranges:
    - 192.168.0.0/24
    - 192.168.1.0/24
    - 192.168.2.0/24
    - 192.168.178.0/24     # FRITZ!Box
    - 10.0.0.0/24
    - 10.0.1.0/24
    - 172.20.10.0/28       # iPhone-Hotspot
    - 192.168.43.0/24      # Android-Hotspot
    - 192.168.137.0/24     # Windows-Hotspot

# Was ein Arbeitsplatz braucht, je Arbeitsmodell. mobile-device: ein Laptop oder Tablet in
# Betrieb, das die Sicherheitsregeln erfüllt; headset, monitor: eines in Betrieb; camera: eine
# Webcam oder ein Laptop oder Tablet mit camera: true; mfa: ein MFA-Token oder eine Lizenz, die
# mfa bereitstellt; training: eine gültige Sensibilisierung; jeder andere Name (vpn, e-file,
# softphone, …): eine Lizenz, die ihn bereitstellt.
readiness:
  # office: []             # Präsenzarbeitsplätze zählen für die Einsatzbereitschaft nicht
  hybrid: [mobile-device, headset, camera, vpn, mfa, training]
  mobile: [mobile-device, headset, camera, vpn, mfa, training]
  telework: [mobile-device, headset, camera, vpn, mfa, training, monitor]

# EUR je Stück, für die Kosten der Beschaffungsliste. Es gibt keine Standardpreise (ohne Preis hat
# eine Position eine Menge, aber keine Kosten): die Zahlen unten sind Beispiele, die eigenen
# Vertragspreise eintragen. Schlüssel sind Gerätearten.
prices:
  laptop: 1150
  headset: 89
  webcam: 69
  monitor: 189
  dock: 229
  mfa-token: 45

# Ergänzungen oder Änderungen der mitgelieferten Lebenszyklustabelle (siehe `itready lifecycle`),
# etwa gekaufte erweiterte Sicherheitsupdates. Standard sind die Daten der Tabelle.
lifecycle: []
  # - name: windows          # Name des Betriebssystems wie bei den Geräten
  #   version: "10 22H2"     # Version wie bei den Geräten
  #   edition: enterprise    # nur bei Windows
  #   eol: 2028-10-10        # der letzte Supporttag, den die Organisation hat

rules:
  # IDs der Regeln, die nicht laufen, etwa [LIC004].
  disable: []
  # Den Schweregrad einer Regel ändern (critical, high, medium, low, info), etwa {DEV007: info}.
  severity: {}
  # Parameter einer Regel ändern, wo sie welche hat, etwa {DEV006: {years: 6}}.
  options: {}
  # Weitere eigene Regeldateien, relativ zu diesem Ordner, etwa [checks/local.yaml].
  paths: []

# Sprache von allem, was Menschen lesen: de oder en (sonst entscheidet die Umgebung).
language: de
"""

SITES_TEXT = """\
#
# Standorte: die Gebäude der Verwaltung und ihre Adresspläne.
# Jeder Datensatz hat eine ID, die im ganzen Inventar eindeutig ist (alle Arten, alle Dateien).
# Schlüssel, die mit x- beginnen, werden übergangen (Platz für eigene Notizen).

sites:
  - id: RH                       # Pflicht; andere Datensätze verweisen mit ihr auf den Standort
    name: Rathaus                # Anzeigename
    address: Marktplatz 1        # Postanschrift
    shared_desks: 1              # Schreibtische im Desk-Sharing-Pool des Standorts (Standard 0)
    networks:                    # der Adressplan des Standorts
      - cidr: 10.20.0.0/22       # Pflicht; IPv4- oder IPv6-Netz ohne Host-Bits
        purpose: office          # office | wlan | voip | server | guest | vpn-pool
        name: Verwaltungsnetz    # Anzeigename
      - cidr: 10.20.8.0/24
        purpose: voip
        name: Telefonie
      - cidr: 10.20.16.0/23
        purpose: wlan
        name: WLAN Rathaus
    x-note: Marktplatz building, floors 1-3   # ein x-Schlüssel: von itready übergangen

  - id: RZ
    name: Rechenzentrum
    address: Industriestrasse 12
    networks:
      - cidr: 10.30.0.0/24
        purpose: server
        name: Servernetz
    # waivers:                   # jeder Datensatz kann Ausnahmen haben, siehe devices.yaml
"""

VPN_TEXT = """\
#
# VPN: die Gateways für den Fernzugriff. Ihre Adresspools und Sitzungen müssen die Beschäftigten
# tragen, die in der Spitze gleichzeitig von außen arbeiten (policy.peak_remote_share in der
# itready.yaml).

vpn:
  - id: VPN-RZ1                  # Pflicht, eindeutig
    site: RZ                     # Pflicht: die ID des Standorts, an dem das Gateway steht
    pools: [10.99.0.0/24]        # Adresspools der Clients; ihre nutzbaren Adressen begrenzen
                                 #   die Sitzungen
    max_sessions: 250            # gleichzeitige Sitzungen, die das Gateway trägt (Hardware
                                 #   oder Lizenz)
    # waivers:                   # jeder Datensatz kann Ausnahmen haben, siehe devices.yaml
"""

WORKPLACES_TEXT = """\
#
# Arbeitsplätze: der Arbeitsplatz einer Stelle, in der Dienststelle und außerhalb.
# Das Inventar nennt keine Personen: höchstens eine pseudonymisierte Personalnummer.

workplaces:
  - id: WP-10-0001               # Pflicht, eindeutig
    department: "10 Hauptamt"    # Pflicht; Berichte gruppieren nach der Organisationseinheit
    site: RH                     # Pflicht: die ID des Standorts, an dem die Person vor Ort arbeitet
    staff: P-100001              # optional: pseudonymisierte Personalnummer (nie ein Name)
    cost_centre: "1000"          # optional; die Beschaffungsliste gruppiert nach der
                                 #   Kostenstelle (in Anführungszeichen, damit Nullen bleiben)
    work_model: office           # Pflicht: office | hybrid | mobile | telework
    mobile_days: 0               # Tage je Woche außerhalb der Dienststelle, 0-5
                                 #   (Standard: office 0, hybrid 2, mobile 4, telework 5)
    desk: assigned               # assigned | shared | none
                                 #   (Standard: assigned bei office, sonst shared)

  - id: WP-10-0002
    department: "10 Hauptamt"
    site: RH
    staff: P-100002
    cost_centre: "1000"
    work_model: hybrid           # standardmäßig zwei Tage je Woche außerhalb der Dienststelle
    desk: shared                 # nutzt vor Ort einen Schreibtisch aus dem Pool des Standorts
    training: 2026-03-10         # Datum der letzten Sensibilisierung für mobiles Arbeiten

  - id: WP-20-0001
    department: "20 Finanzen"
    site: RH
    staff: P-200001
    cost_centre: "2000"
    work_model: telework
    mobile_days: 5
    desk: none                   # kein Schreibtisch vor Ort
    training: 2025-11-20
    # waivers:                   # jeder Datensatz kann Ausnahmen haben, siehe devices.yaml
"""

DEVICES_TEXT = """\
#
# Geräte: jedes Stück Ausstattung, nach Inventarnummer. Felder, die für eine Geräteart nicht
# gelten, sind Fehler: os, encrypted, mdm, vpn_client, tpm, secure_boot, ram_gb und camera gelten
# für Endgeräte (laptop, desktop, thin-client, tablet, smartphone); ip, mac und hostname für
# Endgeräte, Dockingstationen und Tischtelefone.
# Ein Sicherheitsmerkmal, das fehlt, zählt als nicht vorhanden.

devices:
  - id: NB-00017                 # Pflicht: die Inventarnummer, eindeutig
    kind: laptop                 # Pflicht: laptop | desktop | thin-client | tablet | smartphone |
                                 #   monitor | dock | headset | webcam | mfa-token | desk-phone
    hostname: MS-NB-00017        # Netzwerkname (Intune, AD, GLPI), eindeutig unter den Geräten
    model: ThinkPad T14 Gen 5    # Modell des Herstellers
    serial: PF4ABC12             # Seriennummer
    status: in-use               # in-use | stock | repair | retired (Standard in-use)
    assigned_to: WP-10-0002      # die ID eines Arbeitsplatzes, bei Poolausstattung die eines
                                 #   Standorts; keine bei Lagerbestand
    purchased: 2025-04-01        # Beschaffungsdatum (Endgeräte werden nach Alter ersetzt)
    warranty_until: 2029-03-31   # letzter Tag der Garantie
    os:                          # Betriebssystem eines Endgeräts
      name: windows              # windows | macos | ios | ipados | android | ubuntu | debian | …
      version: "11 25H2"         # die Version, wie der Hersteller sie nennt (in Anführungszeichen)
      edition: enterprise        # nur bei Windows, dort Pflicht: enterprise | education |
                                 #   pro | home | ltsc | iot-ltsc
    encrypted: true              # Vollverschlüsselung / Verschlüsselung des Speichers an
    mdm: true                    # im Mobile Device Management (MDM) registriert
    vpn_client: true             # VPN-Client installiert und eingerichtet
    tpm: "2.0"                   # "2.0" | "1.2" | none (Zahlen in Anführungszeichen)
    secure_boot: true            # Secure Boot an
    ram_gb: 16                   # Arbeitsspeicher in GB
    camera: true                 # eingebaute Kamera

  - id: PC-00231
    kind: desktop
    model: ThinkCentre M70q Gen 3
    serial: MJ0XYZ98
    assigned_to: WP-10-0001
    purchased: 2022-05-02
    warranty_until: 2025-05-01
    os: {name: windows, version: "11 25H2", edition: enterprise}
    encrypted: true
    mdm: true
    tpm: "2.0"
    secure_boot: true
    ram_gb: 16
    ip: 10.20.1.17               # optional: feste Adresse; muss in einem Netz des Standorts liegen
    mac: "00:1A:2B:3C:4D:5E"     # optional: Hardware-Adresse, in jeder üblichen Schreibweise
    hostname: RH-PC-00231        # optional: Netzwerkname; eindeutig, gleich in welcher Schreibweise
    waivers:                     # bekannte und akzeptierte Befunde an diesem Datensatz, auf Zeit
      - rule: DEV007             # Pflicht: die Regel, deren Befund akzeptiert wird
        reason: Bis zum Austausch 2027 durch den Wartungsvertrag abgedeckt
        until: 2027-06-30        # Pflicht: eine Ausnahme läuft immer ab
        approved_by: IT-Sicherheit   # eine Rolle, keine Person

  - id: NB-00018
    kind: laptop
    model: ThinkPad T14 Gen 5
    serial: PF4ABC13
    assigned_to: WP-20-0001
    purchased: 2025-04-01
    warranty_until: 2029-03-31
    os: {name: windows, version: "11 25H2", edition: enterprise}
    encrypted: true
    mdm: true
    vpn_client: true
    tpm: "2.0"
    secure_boot: true
    ram_gb: 16
    camera: true

  - id: SP-00005
    kind: smartphone
    model: iPhone 16
    assigned_to: WP-20-0001
    purchased: 2025-09-22
    os: {name: ios, version: "26"}   # keine Edition: die gibt es nur bei Windows
    encrypted: true
    mdm: true

  - id: HS-00042
    kind: headset
    model: Evolve2 55
    assigned_to: WP-10-0002

  - id: HS-00043
    kind: headset
    model: Evolve2 55
    assigned_to: WP-20-0001

  - id: MO-00101
    kind: monitor
    model: P24h G5
    assigned_to: WP-20-0001      # der Monitor zu Hause

  - id: MO-00102
    kind: monitor
    model: P24h G5
    assigned_to: RH              # Poolausstattung an einem Desk-Sharing-Platz: dem Standort
                                 #   zugeordnet

  - id: DK-00007
    kind: dock
    model: ThinkPad Universal USB-C Dock
    assigned_to: RH

  - id: TK-00001
    kind: mfa-token
    model: YubiKey 5 NFC
    status: stock                # im Lager: keinem Arbeitsplatz zugeordnet

  - id: TEL-0301
    kind: desk-phone
    model: SIP-T54W
    assigned_to: WP-10-0001
    ip: 10.20.8.21
    mac: 805e.c012.3456          # Cisco-Schreibweise, gelesen als 80:5e:c0:12:34:56
"""

LICENCES_TEXT = """\
#
# Lizenzen: welche Software die Arbeitsplätze nutzen dürfen und wie viele Lizenzplätze es gibt.
# Ein Arbeitsplatz hat eine Funktion (vpn, mfa, …), wenn ihm eine nicht abgelaufene Lizenz, die
# sie bereitstellt, zugewiesen ist, einem seiner Geräte (per-device), oder wenn sie eine
# Pauschallizenz ist.

licences:
  - id: LIC-VPN                  # Pflicht, eindeutig
    product: Secure Client       # Produktname
    vendor: ExampleVendor        # Name des Herstellers
    provides: [vpn]              # Pflicht: Funktionen: vpn | mfa | video | office |
                                 #   e-file | softphone | remote-desktop, oder jeder Name, den
                                 #   ein Anforderungsprofil in der itready.yaml verwendet
    model: concurrent            # Pflicht: per-user | per-device | concurrent | site
    seats: 2                     # Pflicht, außer bei model site
    expires: 2028-06-30          # fehlt = unbefristet
    cost_per_seat: 24.00         # EUR, für die Beschaffung
    assigned_to: [WP-10-0002, WP-20-0001]   # per-user: IDs von Arbeitsplätzen; per-device: IDs
                                 #   von Geräten; concurrent: die berechtigten Arbeitsplätze;
                                 #   site: weglassen

  - id: LIC-MFA
    product: Authenticator
    vendor: ExampleVendor
    provides: [mfa]
    model: per-user
    seats: 2
    expires: 2028-12-31
    cost_per_seat: 18.00
    assigned_to: [WP-10-0002, WP-20-0001]

  - id: LIC-OFFICE
    product: Office Suite
    vendor: ExampleVendor
    provides: [office, video]
    model: site                  # deckt jeden Arbeitsplatz ab: keine seats, kein assigned_to
    # waivers:                   # jeder Datensatz kann Ausnahmen haben, siehe devices.yaml
"""
