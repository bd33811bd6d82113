package com.payledger.query.transfer;

import com.payledger.query.access.Reader;
import com.payledger.query.account.AccountQueries;
import com.payledger.query.web.PathIds;
import com.payledger.query.web.QueryProblems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Transfers")
@RestController
class TransferQueryController {

    private final TransferQueries transfers;
    private final AccountQueries accounts;

    TransferQueryController(TransferQueries transfers, AccountQueries accounts) {
        this.transfers = transfers;
        this.accounts = accounts;
    }

    @Operation(operationId = "getTransfer", summary = "A transfer")
    @GetMapping(path = "/api/v1/transfers/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    TransferView get(@PathVariable String id, Reader reader) {
        return transfers.getTransfer(PathIds.transferId(id))
                // An auditor reads every transfer: no need to look up whose accounts it touches.
                .filter(transfer -> reader.confinedTo().isEmpty() || readsAccount(reader, transfer.debitAccountId())
                        || readsAccount(reader, transfer.creditAccountId()))
                .orElseThrow(() -> QueryProblems.notFound("TRANSFER_NOT_FOUND", "no such transfer"));
    }

    /** A transfer is visible to the owners of both its accounts: each sees it on its own statement anyway. */
    private boolean readsAccount(Reader reader, String accountId) {
        return accounts.getAccount(accountId, reader).isPresent();
    }
}
