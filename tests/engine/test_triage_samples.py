"""Realistic Indonesian report texts with the category an officer would confirm (fixture data for the tests)."""

SAMPLES: list[tuple[str, str]] = [
    # politik_uang
    ("Ada tim sukses bagi2 amplop isi 50rb ke warga RT 03, pesannya suruh coblos nomor 2", "politik_uang"),
    ("Lapor pak, semalam ada serangan fajar di dusun krajan, duit dimasukkan ke amplop", "politik_uang"),
    ("Caleg partai X membagikan sembako beras dan minyak goreng di balai desa minta dipilih", "politik_uang"),
    ("warga dikasih uang transport 100 ribu sama orang yg ngaku relawan paslon", "politik_uang"),
    ("Ada indikasi jual beli suara, kades ngumpulin KTP warga dijanjikan uang 200rb per orang", "politik_uang"),
    # intimidasi
    ("Kepala desa mengancam warga tidak dapat bantuan PKH kalau tidak pilih calon tertentu", "intimidasi"),
    ("Petugas KPPS diintimidasi sekelompok orang agar menambah suara untuk caleg", "intimidasi"),
    ("saksi paslon 1 diancem mau dibunuh kalau datang ke TPS besok", "intimidasi"),
    ("Guru honorer ditekan kepala sekolah harus pilih paslon 3, diancam dipecat", "intimidasi"),
    # provokasi
    ("Ada provokator di grup WA ngajak warga geruduk kantor kecamatan tolak hasil", "provokasi"),
    ("Seseorang berorasi menghasut massa untuk menyerbu posko pemenangan", "provokasi"),
    ("akun fb menyerukan siap perang kalau jagoannya kalah, memanas di kolom komentar", "provokasi"),
    ("Oknum simpatisan memancing keributan dengan mengejek pendukung lawan saat kampanye", "provokasi"),
    # hoaks_sara
    ("Beredar hoax di WA bahwa surat suara sudah dicoblos duluan untuk paslon 1", "hoaks_sara"),
    ("Postingan facebook berisi ujaran kebencian menyinggung agama salah satu calon", "hoaks_sara"),
    ("Ada kabar bohong di tiktok katanya TPS di desa kami dipindah, banyak warga bingung", "hoaks_sara"),
    ("Pesan berantai isu SARA menuduh calon bupati keturunan PKI beredar di grup", "hoaks_sara"),
    # bentrok_pendukung
    ("Terjadi bentrok antara massa pendukung paslon 1 dan paslon 2 di perempatan pasar", "bentrok_pendukung"),
    ("tawuran simpatisan dua partai, saling lempar batu, 3 orang luka", "bentrok_pendukung"),
    ("Dua kelompok relawan adu jotos di depan posko pemenangan setelah cekcok", "bentrok_pendukung"),
    ("Ricuh di lapangan kampanye, pendukung caleg A dan B saling serang", "bentrok_pendukung"),
    # gangguan_tps
    ("Di TPS 05 ada pemilih ganda yg nyoblos dua kali pakai nama orang lain", "gangguan_tps"),
    ("Sekelompok orang mengamuk di TPS 12 saat penghitungan suara, kotak suara mau dibawa kabur", "gangguan_tps"),
    ("Pemungutan suara di TPS 3 dihentikan sementara karena warga protes tidak terdaftar di DPT", "gangguan_tps"),
    ("ketua KPPS TPS 7 mencoblos sisa surat suara, saksi keberatan minta PSU", "gangguan_tps"),
    # logistik
    ("Surat suara untuk dapil 2 tertukar dengan dapil 3 di gudang KPU", "logistik"),
    ("Logistik pemilu belum tiba di desa terpencil, truk terjebak jalan rusak", "logistik"),
    ("Kotak suara di PPK kecamatan segelnya rusak dan beberapa surat suara basah", "logistik"),
    ("kekurangan surat suara di TPS 9, kurang 40 lembar, mohon dikirim tambahan", "logistik"),
    # perusakan_apk
    ("Baliho caleg di pertigaan dirobek orang tak dikenal tadi malam", "perusakan_apk"),
    ("Spanduk dan bendera partai dicopot paksa oleh sekelompok pemuda", "perusakan_apk"),
    ("APK paslon nomor 1 dicoret2 pakai pilox di sepanjang jalan raya", "perusakan_apk"),
    ("Alat peraga kampanye dipasang di pohon dan tiang listrik, ada yg dirusak", "perusakan_apk"),
    # ancaman_teror
    ("Ditemukan tas mencurigakan berisi kabel di dekat kantor KPU, warga takut bom", "ancaman_teror"),
    ("Ada ancaman bom lewat telepon ke kantor Bawaslu, tolong segera dicek", "ancaman_teror"),
    ("Terdengar ledakan di dekat gudang logistik, diduga bom rakitan", "ancaman_teror"),
    ("Surat kaleng berisi teror akan meledakkan TPS jika calon tertentu menang", "ancaman_teror"),
    # unjuk_rasa
    ("Ratusan mahasiswa demo di depan kantor KPU menuntut transparansi rekapitulasi", "unjuk_rasa"),
    ("Aksi unjuk rasa buruh di depan DPRD, massa berorasi menyampaikan aspirasi", "unjuk_rasa"),
    ("Rencana aksi damai di kantor Bawaslu besok pagi, korlap sudah kirim surat pemberitahuan", "unjuk_rasa"),
    ("massa pendemo menolak hasil pilkades blokir jalan depan kantor bupati", "unjuk_rasa"),
    # konvoi_lalin
    ("Konvoi kampanye pakai knalpot brong, ugal2an dan tanpa helm di jalan raya", "konvoi_lalin"),
    ("Arak-arakan simpatisan bikin macet total di jalan provinsi", "konvoi_lalin"),
    ("Kecelakaan lalu lintas saat konvoi, motor peserta kampanye tabrakan dengan truk", "konvoi_lalin"),
    ("rombongan motor ngebut sambil bleyer2 knalpot di depan masjid", "konvoi_lalin"),
    # narkoba
    ("Ada transaksi sabu di warung belakang terminal tiap malam", "narkoba"),
    ("warga curiga rumah kontrakan jadi tempat pesta narkoba, sering ada bong", "narkoba"),
    ("Pemuda kampung sering ngelem dan konsumsi pil koplo di pos ronda", "narkoba"),
    ("Diduga ada pengedar ganja kering di kos-kosan dekat kampus", "narkoba"),
    # kriminal_konvensional
    ("Motor warga hilang di parkiran masjid, diduga curanmor", "kriminal_konvensional"),
    ("Terjadi penjambretan kalung emas terhadap ibu2 di jalan desa", "kriminal_konvensional"),
    ("Rumah kosong dibobol maling, TV dan perhiasan digondol", "kriminal_konvensional"),
    ("Aksi begal di jalan sepi, korban dibacok dan motornya dirampas", "kriminal_konvensional"),
    ("Ada arena sabung ayam dan judi di kebun tebu", "kriminal_konvensional"),
    # bencana
    ("Banjir setinggi 1 meter merendam dusun, warga mulai mengungsi", "bencana"),
    ("Tanah longsor menutup akses jalan ke desa, 2 rumah tertimbun", "bencana"),
    ("Angin puting beliung merusak atap puluhan rumah warga", "bencana"),
    ("Kebakaran rumah warga akibat korsleting listrik, damkar sudah di lokasi", "bencana"),
    ("Hujan deras bikin sungai meluap dan tanggul jebol", "bencana"),
    # lainnya
    ("Ada orang dengan gangguan jiwa (ODGJ) berkeliaran di sekitar balai desa", "lainnya"),
    ("Situasi di wilayah aman dan kondusif, patroli dialogis sudah dilaksanakan", "lainnya"),
    ("Warga melaporkan anak hilang sejak sore belum pulang", "lainnya"),
    ("Listrik padam se-kecamatan sejak jam 7 malam", "lainnya"),
]
