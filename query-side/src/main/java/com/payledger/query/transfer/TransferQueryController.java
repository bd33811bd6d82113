package com.payledger.query.transfer;

import com.payledger.query.web.QueryProblems;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
class TransferQueryController {

    private final TransferQueries transfers;

    TransferQueryController(TransferQueries transfers) {
        this.transfers = transfers;
    }

    @GetMapping("/api/v1/transfers/{id}")
    TransferView get(@PathVariable String id) {
        return transfers.getTransfer(id)
                .orElseThrow(() -> QueryProblems.notFound("TRANSFER_NOT_FOUND", "no such transfer"));
    }
}
