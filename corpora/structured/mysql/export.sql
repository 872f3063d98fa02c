/*M!999999\- enable the sandbox mode */ 
-- MariaDB dump 10.19  Distrib 10.11.19-MariaDB, for debian-linux-gnu (x86_64)
--
-- Host: localhost    Database: fondation_boreale
-- ------------------------------------------------------
-- Server version	10.11.19-MariaDB-0+deb12u1

/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
/*!40101 SET @OLD_CHARACTER_SET_RESULTS=@@CHARACTER_SET_RESULTS */;
/*!40101 SET @OLD_COLLATION_CONNECTION=@@COLLATION_CONNECTION */;
/*!40101 SET NAMES utf8mb4 */;
/*!40103 SET @OLD_TIME_ZONE=@@TIME_ZONE */;
/*!40103 SET TIME_ZONE='+00:00' */;
/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;
/*!40014 SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */;
/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;
/*!40111 SET @OLD_SQL_NOTES=@@SQL_NOTES, SQL_NOTES=0 */;

--
-- Table structure for table `donations`
--

DROP TABLE IF EXISTS `donations`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `donations` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `user_id` int(11) DEFAULT NULL,
  `amount` decimal(10,2) NOT NULL,
  `card_last4` char(4) DEFAULT NULL,
  `order_id` bigint(20) NOT NULL,
  `created_at` datetime NOT NULL,
  PRIMARY KEY (`id`),
  KEY `user_id` (`user_id`),
  CONSTRAINT `donations_ibfk_1` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`)
) ENGINE=InnoDB AUTO_INCREMENT=49 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `donations`
--
-- ORDER BY:  `id`

LOCK TABLES `donations` WRITE;
/*!40000 ALTER TABLE `donations` DISABLE KEYS */;
INSERT INTO `donations` VALUES
(1,38,100.00,'7260',576582498,'2021-02-21 00:03:30'),
(2,12,5.50,'1914',234051233,'2020-04-30 07:28:58'),
(3,9,10.00,'1012',317259703,'2020-06-12 04:39:51'),
(4,9,25.00,'6598',182578443,'2021-12-11 09:52:45'),
(5,5,25.99,'9137',383404043,'2022-06-11 21:21:49'),
(6,NULL,25.99,'9473',963347430,'2022-06-28 17:25:36'),
(7,12,50.00,'4664',329022651,'2020-12-05 14:24:16'),
(8,29,10.50,NULL,772470647,'2018-02-21 11:35:22'),
(9,43,5.99,'0774',261944524,'2022-08-30 09:15:26'),
(10,15,50.00,'0552',569326101,'2020-12-24 16:22:47'),
(11,17,20.00,'0087',463813725,'2020-11-12 09:15:16'),
(12,NULL,250.00,'8897',793673153,'2019-09-10 04:05:14'),
(13,16,20.00,'2450',708618061,'2020-01-01 06:14:23'),
(14,54,5.50,'3950',971451513,'2018-11-23 20:09:51'),
(15,3,25.00,'9298',307115279,'2021-09-19 13:13:40'),
(16,33,100.50,NULL,395101413,'2018-01-13 18:24:06'),
(17,22,50.99,'3234',306209024,'2019-06-07 17:47:35'),
(18,NULL,5.99,'8107',161865886,'2022-06-08 05:12:47'),
(19,23,10.00,'6334',495351694,'2021-01-01 11:29:46'),
(20,16,100.00,'4667',266632926,'2019-11-04 08:20:12'),
(21,16,50.00,'0121',920511227,'2022-05-09 14:10:13'),
(22,44,100.00,'9975',654856012,'2022-08-28 14:07:40'),
(23,21,20.99,'0199',300615424,'2020-08-24 11:53:59'),
(24,NULL,250.00,NULL,771459831,'2022-08-26 19:27:45'),
(25,5,10.00,'0747',622649473,'2021-02-06 02:34:48'),
(26,8,50.00,'4999',266343011,'2023-05-31 13:08:25'),
(27,33,1000.00,'7697',426187829,'2021-03-13 15:21:16'),
(28,37,50.00,'4658',499612547,'2022-08-16 12:35:53'),
(29,24,20.00,'8512',201415908,'2023-01-17 06:28:00'),
(30,NULL,100.00,'7751',216878371,'2019-10-29 11:05:35'),
(31,33,250.00,'5872',407954387,'2018-10-01 19:24:27'),
(32,25,10.00,NULL,962350039,'2019-07-31 00:42:48'),
(33,31,250.99,'7935',961561065,'2022-11-13 06:16:56'),
(34,56,25.99,'8598',740382015,'2019-11-29 11:56:58'),
(35,15,20.00,'2674',660078288,'2022-08-02 13:55:32'),
(36,NULL,50.00,'8736',376068847,'2022-02-12 09:24:57'),
(37,12,20.00,'3748',220556435,'2020-01-18 01:54:15'),
(38,25,250.99,'9746',948942297,'2022-04-28 13:54:20'),
(39,12,250.00,'7435',471386821,'2019-10-26 12:17:17'),
(40,14,25.00,NULL,143730299,'2023-04-14 08:33:02'),
(41,4,100.00,'1328',791075849,'2021-09-21 21:58:38'),
(42,NULL,5.50,'6881',772272357,'2023-05-21 16:54:22'),
(43,12,1000.50,'8097',771826559,'2019-10-09 06:07:35'),
(44,51,20.00,'7700',647487305,'2019-08-05 11:42:34'),
(45,1,50.00,'8575',944196757,'2020-02-24 23:27:04'),
(46,24,25.99,'1959',428026702,'2023-03-02 19:31:50'),
(47,6,50.00,'9817',960510683,'2019-12-07 16:26:25'),
(48,NULL,1000.99,NULL,605176460,'2022-08-26 02:19:07');
/*!40000 ALTER TABLE `donations` ENABLE KEYS */;
UNLOCK TABLES;

--
-- Table structure for table `legacy_import`
--

DROP TABLE IF EXISTS `legacy_import`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `legacy_import` (
  `id` int(11) NOT NULL,
  `full_name` varchar(200) DEFAULT NULL,
  `nas` char(11) DEFAULT NULL,
  `phone` bigint(20) DEFAULT NULL,
  `notes` text DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `legacy_import`
--
-- ORDER BY:  `id`

LOCK TABLES `legacy_import` WRITE;
/*!40000 ALTER TABLE `legacy_import` DISABLE KEYS */;
INSERT INTO `legacy_import` VALUES
(1,'FOURNIER Amélie','415907278',NULL,'Nouveau courriel : amelie.fournier@example.net'),
(2,'GINGRAS Josée',NULL,8739379053,'NAS vérifié : 163 255 714	dossier papier'),
(3,'CÔTÉ Ève','793077744',5795550132,'Déménagé ; nouveau code postal R7B 3Y4.'),
(4,'THÉRIAULT Rémi','391409901',2895963175,'Tél. +1 579 778 3872 / courriel remi.theriault77@example.org'),
(5,'LACHANCE Olivier','492821111',8195276511,'Connexion depuis 203.0.113.140 le 2019-03-04'),
(6,'LÉVESQUE-BÉLANGER Zoé','926404518',7095550194,'Import depuis C:\\Dons\\2019\\liste.xlsx, aucune donnée perso'),
(7,'PAQUETTE Sophie',NULL,NULL,'Ligne 1\nLigne 2 : appeler 778-908-6005\nLigne 3'),
(8,'DROUIN Rémi','908801020',6136332627,'Client dit \"ne plus appeler\" ; ancien numéro 705 917-7471, nouveau (204) 750-5849'),
(9,'CÔTÉ Maël','951547819',5872669956,'Don anonyme de 125,00 $ reçu le 2017-12-24.'),
(10,'BEAULIEU Amélie','362684219',5818671060,'Adresses courriel : amelie+dons@exemple.ca et amelie.beaulieu@example.com'),
(11,'NADEAU Zoé','392553871',5876829871,'SIN on file: 687-912-345'),
(12,'LACHANCE François',NULL,4035073200,'Contact: francois+dons@example.org; postal code R4P 8T8; IP 2001:0db8:6168:0812:4036:cb0d:cca0:2d42'),
(13,'BEAULIEU Sophie','493571277',NULL,'Windows paste\r\nrappel: 450-401-6975\r\n'),
(14,'VÉZINA Gaëlle',NULL,NULL,'Don anonyme de 125,00 $ reçu le 2017-12-24.'),
(15,'LACHANCE Amélie','607754199',9055902672,NULL),
(16,'PELLETIER Raphaël','402489470',4377462381,'Rappeler au 709 973-9767 après 17 h.'),
(17,'NADEAU Maël',NULL,7805550197,'Nouveau courriel : mael.nadeau@example.org'),
(18,'PELLETIER Loïc','925660359',4037836847,'NAS vérifié : 985 360 205	dossier papier'),
(19,'LACHANCE Gaëlle','222150245',NULL,'Déménagé ; nouveau code postal X9X 9G2.'),
(20,'THÉRIAULT Amélie','251066338',6044761270,'Tél. 613 646-8466 / courriel amelie.theriault@exemple.ca'),
(21,'CÔTÉ Étienne','954290946',5874427808,'Connexion depuis 198.51.100.91 le 2019-03-04'),
(22,'VÉZINA Zoé',NULL,3062595068,'Import depuis C:\\Dons\\2019\\liste.xlsx, aucune donnée perso'),
(23,'DESJARDINS Marguerite','385633094',4166052023,'Ligne 1\nLigne 2 : appeler 709 942-6010\nLigne 3'),
(24,'VÉZINA Étienne','198725715',5815780806,'Client dit \"ne plus appeler\" ; ancien numéro (709) 819-7581, nouveau 1-579-852-4682'),
(25,'D\'AMOURS Marguerite','123674541',NULL,'Don anonyme de 125,00 $ reçu le 2017-12-24.'),
(26,'LÉVESQUE-BÉLANGER Mathieu','245523535',4389350428,'Adresses courriel : mlevesquebelanger@exemple.ca et mathieu_levesquebelanger@exemple.qc.ca'),
(27,'BÉRUBÉ Gaëlle',NULL,6477034495,'SIN on file: 647-664-960'),
(28,'POIRIER Zoé','563301589',9022205929,'Contact: zoe.poirier@example.net; postal code E2Y 0P8; IP 2001:0db8:469f:aa48:d0a4:a280:63a3:da5a'),
(29,'THÉRIAULT Liam',NULL,NULL,'Don anonyme de 125,00 $ reçu le 2017-12-24.'),
(30,'DESJARDINS Jérôme','717612857',2046183011,'Aucune remarque \\ voir l\'onglet « Dons »'),
(31,'LACHANCE Noémie','535893671',NULL,NULL),
(32,'LEMIEUX Noah',NULL,6478310402,'Rappeler au +1 506 580 7794 après 17 h.'),
(33,'FOURNIER Noémie','491637781',7804854829,'Nouveau courriel : noemiefournier@example.net'),
(34,'PAQUETTE Liam','422227819',5145550104,'NAS vérifié : 675 747 000	dossier papier'),
(35,'D\'AMOURS Léa','936757558',4506671086,'Déménagé ; nouveau code postal E9A 3J5.'),
(36,'LACHANCE Loïc','704025923',7802576276,'Tél. (306) 984-1426 / courriel llachance@example.org'),
(37,'THÉRIAULT François',NULL,NULL,'Connexion depuis 198.51.100.185 le 2019-03-04'),
(38,'NADEAU Noémie','511034407',6046368314,'Import depuis C:\\Dons\\2019\\liste.xlsx, aucune donnée perso'),
(39,'MACLEOD Cédric','555936467',6048419350,'Ligne 1\nLigne 2 : appeler 416-555-0183\nLigne 3'),
(40,'PELLETIER Rémi','683586325',4165550175,'Client dit \"ne plus appeler\" ; ancien numéro (705) 941-2728, nouveau (905) 757-4562'),
(41,'D\'AMOURS Cédric','993335579',5145550136,'Don anonyme de 125,00 $ reçu le 2017-12-24.');
INSERT INTO `legacy_import` VALUES
(42,'BEAULIEU Sophie',NULL,6475550134,'Adresses courriel : sophie.beaulieu@courriel.exemple.ca et sophie_beaulieu@exemple.ca'),
(43,'SIROIS Thomas','538871633',NULL,'SIN on file: 772-637-328'),
(44,'NADEAU Chloé','250214962',8739243328,'Contact: cnadeau@example.org; postal code H5M 3Y1; IP ::ffff:203.0.113.41');
/*!40000 ALTER TABLE `legacy_import` ENABLE KEYS */;
UNLOCK TABLES;

--
-- Table structure for table `sessions`
--

DROP TABLE IF EXISTS `sessions`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `sessions` (
  `id` bigint(20) NOT NULL AUTO_INCREMENT,
  `user_id` int(11) DEFAULT NULL,
  `client_ip` inet4 DEFAULT NULL,
  `ipv6` varchar(45) DEFAULT NULL,
  `user_agent` varchar(400) DEFAULT NULL,
  `started_at` datetime NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB AUTO_INCREMENT=61 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `sessions`
--
-- ORDER BY:  `id`

LOCK TABLES `sessions` WRITE;
/*!40000 ALTER TABLE `sessions` DISABLE KEYS */;
INSERT INTO `sessions` VALUES
(1,22,'192.0.2.235',NULL,'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0','2020-10-06 00:40:18'),
(2,27,'192.0.2.35',NULL,'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0','2023-03-29 00:40:25'),
(3,19,NULL,'2001:db8:2122::a10c:b83','Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148','2021-07-15 20:29:57'),
(4,17,'203.0.113.158',NULL,'Outil\\Import v3 (C:\\Program Files\\Dons)','2019-07-29 14:49:39'),
(5,22,'203.0.113.218',NULL,'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15','2021-09-03 14:09:24'),
(6,42,'192.0.2.117','2001:db8::f8ad:e40c','Mozilla/5.0 (compatible; FondationBot/1.2; +https://www.example.org/bot)','2018-03-25 03:26:01'),
(7,12,'203.0.113.220',NULL,'DonsApp/2.3 (Android 14; \"bêta\")','2019-01-11 06:32:55'),
(8,34,'203.0.113.252',NULL,'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.130 Safari/537.36','2019-04-13 18:18:30'),
(9,3,'198.51.100.182','2001:db8::6b65:b741','Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0','2018-01-07 14:09:17'),
(10,NULL,'203.0.113.225',NULL,'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148','2019-08-20 05:38:32'),
(11,54,NULL,NULL,'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.130 Safari/537.36','2020-01-17 12:28:02'),
(12,21,'198.51.100.242','::ffff:192.0.2.77',NULL,'2019-03-01 14:33:43'),
(13,48,'203.0.113.197',NULL,'python-requests/2.31.0','2018-07-11 04:40:34'),
(14,29,'203.0.113.169',NULL,'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0','2018-03-17 07:14:20'),
(15,17,'192.0.2.2','2001:db8::6fbd:e385','Outil\\Import v3 (C:\\Program Files\\Dons)','2022-01-05 18:02:45'),
(16,8,'203.0.113.42',NULL,'Mozilla/5.0 (compatible; FondationBot/1.2; +https://www.example.org/bot)','2021-02-23 18:29:43'),
(17,46,'192.0.2.245',NULL,'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15','2020-07-18 23:20:56'),
(18,19,'198.51.100.211','2001:db8::89ef:8db0','Mozilla/5.0 (compatible; FondationBot/1.2; +https://www.example.org/bot)','2021-05-21 05:08:01'),
(19,31,NULL,NULL,'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15','2020-04-30 11:59:37'),
(20,NULL,'198.51.100.185',NULL,'python-requests/2.31.0','2022-08-05 05:04:43'),
(21,44,'198.51.100.224','2001:db8:7c94::7f79:5cca','DonsApp/2.3 (Android 14; \"bêta\")','2023-04-29 19:57:34'),
(22,37,'198.51.100.116',NULL,'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.130 Safari/537.36','2018-04-05 11:37:42'),
(23,47,'192.0.2.76',NULL,'python-requests/2.31.0','2018-10-24 05:25:26'),
(24,22,'198.51.100.49','2001:db8::7100:3db1',NULL,'2018-07-05 11:11:19'),
(25,47,'198.51.100.217',NULL,'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.130 Safari/537.36','2020-09-27 07:06:05'),
(26,31,'203.0.113.216',NULL,'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148','2022-05-22 00:07:22'),
(27,34,NULL,'2001:db8::9b24:4dd2','Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15','2023-06-23 15:01:43'),
(28,31,'203.0.113.86',NULL,'Mozilla/5.0 (compatible; FondationBot/1.2; +https://www.example.org/bot)','2018-04-06 10:25:36'),
(29,55,'192.0.2.153',NULL,'python-requests/2.31.0','2021-06-21 12:14:49'),
(30,NULL,'203.0.113.197','2001:db8:a6fb::68d2:bde9','Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0','2018-11-11 00:33:17'),
(31,34,'192.0.2.50',NULL,'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148','2020-08-20 10:14:20');
INSERT INTO `sessions` VALUES
(32,17,'198.51.100.225',NULL,'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15','2022-05-24 15:44:12'),
(33,9,'203.0.113.170','2001:0db8:b0a3:e852:54fd:f58d:5328:2341','Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0','2021-12-01 13:16:41'),
(34,43,'198.51.100.40',NULL,'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15','2018-02-03 21:01:55'),
(35,16,NULL,NULL,'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0','2021-10-11 02:09:25'),
(36,42,'203.0.113.87','::ffff:192.0.2.139',NULL,'2018-12-25 11:33:42'),
(37,9,'203.0.113.40',NULL,'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0','2022-11-28 07:05:04'),
(38,10,'203.0.113.213',NULL,'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.130 Safari/537.36','2022-11-30 15:18:43'),
(39,2,'192.0.2.233','::ffff:192.0.2.194','curl/8.4.0','2023-03-03 20:48:42'),
(40,NULL,'203.0.113.150',NULL,'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0','2021-02-10 02:49:28'),
(41,23,'192.0.2.223',NULL,'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0','2020-06-02 00:45:16'),
(42,6,'192.0.2.15','2001:db8:ab2a::5405:9c9a','python-requests/2.31.0','2023-04-15 16:18:28'),
(43,47,NULL,NULL,'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148','2018-03-16 09:33:39'),
(44,26,'192.0.2.57',NULL,'Outil\\Import v3 (C:\\Program Files\\Dons)','2019-07-31 15:53:05'),
(45,25,'192.0.2.77','2001:db8::59e6:846b','python-requests/2.31.0','2020-11-30 17:57:18'),
(46,16,'198.51.100.70',NULL,'python-requests/2.31.0','2020-09-16 11:02:49'),
(47,49,'203.0.113.167',NULL,'Outil\\Import v3 (C:\\Program Files\\Dons)','2018-12-13 06:09:26'),
(48,16,'203.0.113.98','2001:0db8:c68b:aee6:7414:3737:8fbe:2e43',NULL,'2019-04-17 20:41:38'),
(49,35,'198.51.100.118',NULL,'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0','2019-02-18 16:06:40'),
(50,NULL,'198.51.100.206',NULL,'python-requests/2.31.0','2021-09-08 22:51:15'),
(51,54,NULL,'2001:db8::4267:7c7f','Mozilla/5.0 (compatible; FondationBot/1.2; +https://www.example.org/bot)','2020-09-07 04:45:22'),
(52,18,'198.51.100.106',NULL,'Mozilla/5.0 (compatible; FondationBot/1.2; +https://www.example.org/bot)','2018-10-11 07:50:56'),
(53,6,'203.0.113.248',NULL,'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15','2021-06-15 20:51:55'),
(54,9,'198.51.100.175','2001:db8:768d::9ac2:7f5a','curl/8.4.0','2023-06-04 10:59:17'),
(55,42,'198.51.100.116',NULL,'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0','2020-01-18 10:30:22'),
(56,32,'203.0.113.48',NULL,'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15','2019-02-03 12:28:54'),
(57,24,'192.0.2.204','2001:0db8:c20f:eead:839f:964e:aa54:9a0d','Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0','2019-04-23 18:28:57'),
(58,11,'203.0.113.110',NULL,'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0','2022-06-27 21:57:16'),
(59,8,NULL,NULL,'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148','2021-04-22 22:40:30'),
(60,NULL,'198.51.100.19','2001:db8:f0d6::fd24:31e2',NULL,'2021-02-19 13:54:15');
/*!40000 ALTER TABLE `sessions` ENABLE KEYS */;
UNLOCK TABLES;

--
-- Table structure for table `users`
--

DROP TABLE IF EXISTS `users`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `users` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `nom` varchar(200) NOT NULL,
  `courriel` varchar(254) DEFAULT NULL,
  `telephone` varchar(40) DEFAULT NULL,
  `code_postal` varchar(7) DEFAULT NULL,
  `ville` varchar(100) DEFAULT NULL,
  `created_at` datetime NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB AUTO_INCREMENT=57 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT='Donateurs et bénévoles';
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `users`
--
-- ORDER BY:  `id`

LOCK TABLES `users` WRITE;
/*!40000 ALTER TABLE `users` DISABLE KEYS */;
INSERT INTO `users` VALUES
(1,'Mathieu Vézina','mathieu+dons@example.com','4508288009','H4J 3L2','Rimouski','2020-04-28 23:08:13'),
(2,'Florence Ouellet','florence+dons@example.com','(902) 555-0149','G1X 8A5','Calgary','2020-10-29 22:09:13'),
(3,'Liam Paquette','liam+dons@example.net',NULL,'E5K 1P5','Vancouver','2021-09-29 21:33:51'),
(4,'Marguerite Desjardins','marguerite.desjardins81@exemple.ca','647 786-3506','C7L4W0','Gatineau','2019-10-08 17:05:04'),
(5,'François Lachance','francois.lachance73@exemple.qc.ca','1-819-400-2253 poste 988','H3S 7C4','Gatineau','2021-11-08 05:57:57'),
(6,'Amélie Fournier','afournier@exemple.ca','+14163232354',NULL,'Ottawa','2020-10-18 11:08:05'),
(7,'Marie \"Mimi\" Lavoie','oliviersirois@courriel.exemple.ca','1-450-950-7705','Y3E 1Y2','Moncton','2021-01-18 13:12:53'),
(8,'Léa D\'Amours','lea+dons@courriel.exemple.ca','289-555-0167','B5V 0E5','Toronto','2020-03-15 02:09:58'),
(9,'Étienne Vézina',NULL,'(873) 238-2794','h0l 7h6','Toronto','2018-10-25 16:13:27'),
(10,'Sophie Beaulieu','sbeaulieu@exemple.qc.ca',NULL,'B7A 7C2','Montréal','2021-03-04 13:41:30'),
(11,'Josée Gingras','jgingras@example.org','905-890-3268','M3G 0V3','Calgary','2023-04-23 07:24:56'),
(12,'Josée Drouin',NULL,NULL,NULL,'Gatineau','2021-06-14 15:48:19'),
(13,'Loïc Lachance','loic.lachance25@example.org','1-705-540-5105','S5V 2K5','Ottawa','2019-02-28 02:04:22'),
(14,'Marguerite D\'Amours','marguerite+dons@example.org','+1 905 555 0130','C5V 6S2','Calgary','2021-07-01 12:09:27'),
(15,'Gaëlle Vézina','gaelle+dons@courriel.exemple.ca','+14507251963','A1P 9W1','Vancouver','2021-02-22 01:59:44'),
(16,'Ève Côté','eve+dons@example.com','+1 367 214 9577 poste 735',NULL,'Calgary','2021-01-29 23:30:11'),
(17,'Zoé Côté','zoe.cote4@courriel.exemple.ca',NULL,'S0H1A7','Halifax','2020-11-05 02:20:59'),
(18,'François Thériault',NULL,'(204) 597-5650','C6A 8E5','Sherbrooke','2023-04-19 23:34:18'),
(19,'Jean-François O\'Neil','mathieulevesquebelanger@courriel.exemple.ca','+1 905 225 6559','E9V 7N0','Toronto','2021-07-03 18:18:12'),
(20,'Amélie Lachance','amelie+dons@exemple.ca','(905) 555-0127','G4M 8E7','Montréal','2022-04-30 04:59:30'),
(21,'Rémi Thériault','remi.theriault42@example.org','403.340.6739','K7G 2Y7','Halifax','2023-02-04 09:44:11'),
(22,'Gaëlle Nadeau','gaellenadeau@example.net','(450) 750-0815','M7Y 0K8','Toronto','2019-12-06 04:29:13'),
(23,'Noémie Nadeau','noemie.nadeau41@exemple.ca','1-450-898-1400','A7Y 4A8','Gatineau','2019-09-21 14:55:32'),
(24,'Gaëlle Bérubé','gaelle_berube@courriel.exemple.ca',NULL,'V9A 5L2','Vancouver','2020-03-04 00:08:39'),
(25,'Raphaël Pelletier','raphaelpelletier@exemple.ca','450 345-6309','L2M 5B1','Halifax','2018-01-05 16:24:43'),
(26,'Olivier Lachance','olivier_lachance@example.net','367-907-4066',NULL,'Gatineau','2021-11-15 14:33:20'),
(27,'Amélie Fournier',NULL,'+1 604 208 8914 poste 834','Y6Y 2S4','Trois-Rivières','2020-01-13 20:01:03'),
(28,'Cédric MacLeod','cmacleod@exemple.ca','(579) 703-6377','G4H 0B4','Halifax','2021-12-07 21:32:22'),
(29,'Zoé Poirier','zoe.poirier18@exemple.ca','+14502719449','N6K 7B4','Gatineau','2022-08-16 00:02:16'),
(30,'Maël Nadeau','mael.nadeau@example.org','780-432-4617','G9G5V3','Trois-Rivières','2022-11-29 05:54:35'),
(31,'Zoé Lévesque-Bélanger','zoe.levesquebelanger@example.com',NULL,'P6W 0A1','Moncton','2020-04-25 12:07:00'),
(32,'Élise MacLeod','elise.macleod70@example.org','+14033953687','M0P 6Z8','Calgary','2020-03-29 15:55:19'),
(33,'Zoé	Tab-Séparée','remipelletier@courriel.exemple.ca','418-555-0116','P2N 2S7','Ottawa','2020-04-14 02:10:17'),
(34,'Liam Thériault','liamtheriault@exemple.qc.ca','+16045550184','A1V 0X0','Vancouver','2018-01-26 13:58:35'),
(35,'Loïc Pelletier','loic+dons@example.net','+15066779745','L6N 8N0','Ottawa','2022-01-04 20:55:36'),
(36,'Sophie Paquette',NULL,'204-555-0106',NULL,'Moncton','2021-09-11 09:29:25'),
(37,'Étienne Gagnon','egagnon@example.org','367 866-2239','H5B 7W7','Moncton','2018-02-09 13:22:31');
INSERT INTO `users` VALUES
(38,'Cédric D\'Amours','cedric.damours@courriel.exemple.ca',NULL,'H5L 4W1','Toronto','2020-12-22 12:08:28'),
(39,'Jérôme Desjardins','jerome.desjardins@courriel.exemple.ca','+1 367 615 4085','G9P 4Z2','Montréal','2018-03-17 18:07:42'),
(40,'Gaëlle Lachance',NULL,NULL,NULL,'Trois-Rivières','2022-02-17 00:52:29'),
(41,'Rémi Drouin','REMI.DROUIN@EXEMPLE.QC.CA','367.984.6793','S5E 6M7','Vancouver','2022-06-18 02:59:38'),
(42,'Léa Paquette','lea.paquette@example.net','367-555-0101','R6N 2P3','Vancouver','2020-04-15 20:28:01'),
(43,'Sophie Beaulieu','sophiebeaulieu@courriel.exemple.ca','9055507645','r8c8j7','Rimouski','2020-03-24 04:36:54'),
(44,'Noémie Lachance','noemie_lachance@example.org','6139812874','R4Z 3L5','Ottawa','2022-07-11 15:17:53'),
(45,'Amélie Thériault',NULL,NULL,'C0R 2X0','Halifax','2020-05-19 09:27:02'),
(46,'Maël Côté','mael.cote79@courriel.exemple.ca','1-343-326-9867',NULL,'Montréal','2021-12-09 07:06:37'),
(47,'Ève Thériault','eve.theriault@exemple.qc.ca','306.540.0619','K5B 7P8','Vancouver','2020-09-21 20:18:30'),
(48,'Thomas Sirois','THOMAS.SIROIS51@EXAMPLE.ORG','579-607-9139','L8X 1N2','Montréal','2020-08-19 03:47:28'),
(49,'Noah Lemieux','noahlemieux@exemple.ca','437 718-2916 poste 732','H9H 8R5','Gatineau','2022-06-19 11:07:25'),
(50,'Étienne Côté','etienne_cote@example.com','1-343-889-8286','A3G 8S8','Rimouski','2022-04-07 22:52:40'),
(51,'Amélie Beaulieu',NULL,NULL,NULL,'Gatineau','2020-10-30 22:22:12'),
(52,'Cédric Lévesque-Bélanger','clevesquebelanger@example.org',NULL,'H9C 5L9','Trois-Rivières','2021-08-24 11:59:49'),
(53,'Chloé Nadeau','cnadeau@example.org','1-873-663-1278','B0H 1S2','Gatineau','2020-05-04 15:16:07'),
(54,'Noémie Fournier',NULL,'579.793.5714','S4M 0X9','Trois-Rivières','2020-06-04 17:36:45'),
(55,'Zoé Vézina','zoevezina@exemple.ca','(709) 527-7562','V2R 0H7','Calgary','2021-03-05 12:16:40'),
(56,'Zoé Nadeau','zoe.nadeau@exemple.ca','1-709-735-5748',NULL,'Vancouver','2020-01-25 19:47:32');
/*!40000 ALTER TABLE `users` ENABLE KEYS */;
UNLOCK TABLES;
/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;

/*!40101 SET SQL_MODE=@OLD_SQL_MODE */;
/*!40014 SET FOREIGN_KEY_CHECKS=@OLD_FOREIGN_KEY_CHECKS */;
/*!40014 SET UNIQUE_CHECKS=@OLD_UNIQUE_CHECKS */;
/*!40101 SET CHARACTER_SET_CLIENT=@OLD_CHARACTER_SET_CLIENT */;
/*!40101 SET CHARACTER_SET_RESULTS=@OLD_CHARACTER_SET_RESULTS */;
/*!40101 SET COLLATION_CONNECTION=@OLD_COLLATION_CONNECTION */;
/*!40111 SET SQL_NOTES=@OLD_SQL_NOTES */;

-- Dump completed
